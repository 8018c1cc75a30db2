import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PBKDF2 rounds for the stored admin password (workerd's Web Crypto allows at most 100,000). */
export const ADMIN_PBKDF2_ITERATIONS = 100_000;

/** `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url), the ADMIN_PASSWORD_HASH format the edge checks. */
export function hashAdminPassword(password: string, salt = randomBytes(16)): string {
  const hash = pbkdf2Sync(password, salt, ADMIN_PBKDF2_ITERATIONS, 32, 'sha256');
  return `pbkdf2-sha256$${ADMIN_PBKDF2_ITERATIONS}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** The embedded default's dashboard admin password: generated on first use and kept only as a
 * hash in `<dataDir>/secrets.json` (adminPasswordHash). `password` is set only when it was
 * generated now, so the caller prints it exactly once. */
export function loadOrCreateAdminPassword(dataDir: string): { hash: string; password: string | null } {
  const file = join(dataDir, 'secrets.json');
  const secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (typeof secrets.adminPasswordHash === 'string') return { hash: secrets.adminPasswordHash, password: null };
  const password = randomBytes(18).toString('base64url');
  const hash = hashAdminPassword(password);
  writeFileSync(file, JSON.stringify({ ...secrets, adminPasswordHash: hash }, null, 2), { mode: 0o600 });
  return { hash, password };
}
