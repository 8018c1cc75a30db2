import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Secrets the embedded default generates once and keeps under the data directory. */
export interface EmbeddedSecrets {
  masterApiKey: string;
  hostSharedSecret: string;
  libsqlAuthToken: string;
  /** The dashboard admin password's hash, added by loadOrCreateAdminPassword (admin-password.ts). */
  adminPasswordHash?: string;
}

export function loadOrCreateSecrets(dataDir: string): { secrets: EmbeddedSecrets; created: boolean } {
  const file = join(dataDir, 'secrets.json');
  mkdirSync(dataDir, { recursive: true });
  try {
    return { secrets: JSON.parse(readFileSync(file, 'utf8')) as EmbeddedSecrets, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secrets: EmbeddedSecrets = {
    masterApiKey: `wamk_${randomBytes(32).toString('base64url')}`,
    hostSharedSecret: randomBytes(32).toString('base64url'),
    libsqlAuthToken: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  return { secrets, created: true };
}
