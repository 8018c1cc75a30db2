import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '../../../shared/src/auth/password-hash.js';

/** The embedded default's dashboard admin password: generated on first use and kept only as a
 * hash in `<dataDir>/secrets.json` (adminPasswordHash). `password` is set only when it was
 * generated now, so the caller prints it exactly once. */
export async function loadOrCreateAdminPassword(dataDir: string): Promise<{ hash: string; password: string | null }> {
  const file = join(dataDir, 'secrets.json');
  const secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (typeof secrets.adminPasswordHash === 'string') return { hash: secrets.adminPasswordHash, password: null };
  const password = randomBytes(18).toString('base64url');
  const hash = await hashPassword(password);
  writeFileSync(file, JSON.stringify({ ...secrets, adminPasswordHash: hash }, null, 2), { mode: 0o600 });
  return { hash, password };
}
