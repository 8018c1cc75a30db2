import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Secrets the embedded default generates once and keeps under the data directory. */
export interface EmbeddedSecrets {
  masterApiKey: string;
  hostSharedSecret: string;
  libsqlAuthToken: string;
  /** The embedded S3 server's key pair (s3rver's fixed S3RVER/S3RVER is refused). */
  s3AccessKeyId: string;
  s3SecretAccessKey: string;
  /** The dashboard admin password's hash, added by loadOrCreateAdminPassword (admin-password.ts). */
  adminPasswordHash?: string;
}

type Generated = Omit<EmbeddedSecrets, 'adminPasswordHash'>;

const GENERATORS: { [K in keyof Generated]: () => string } = {
  masterApiKey: () => `wamk_${randomBytes(32).toString('base64url')}`,
  hostSharedSecret: () => randomBytes(32).toString('base64url'),
  libsqlAuthToken: () => randomBytes(32).toString('base64url'),
  s3AccessKeyId: () => `WAG${randomBytes(10).toString('hex').toUpperCase()}`,
  s3SecretAccessKey: () => randomBytes(30).toString('base64url'),
};

/** Reads `<dataDir>/secrets.json`, creating it (0600) on first use. A file from an older version
 * gets the secrets it lacks added, keeping the ones it has. `created`: the file is new, so its
 * master key was generated just now. */
export function loadOrCreateSecrets(dataDir: string): { secrets: EmbeddedSecrets; created: boolean } {
  const file = join(dataDir, 'secrets.json');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let stored: Partial<EmbeddedSecrets> | undefined;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<EmbeddedSecrets>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const missing = (Object.keys(GENERATORS) as (keyof Generated)[]).filter((name) => typeof stored?.[name] !== 'string');
  if (stored && missing.length === 0) return { secrets: stored as EmbeddedSecrets, created: false };
  const secrets = { ...stored, ...Object.fromEntries(missing.map((name) => [name, GENERATORS[name]()])) } as EmbeddedSecrets;
  // A new file is created exclusively ('wx'), so two processes starting at once cannot each write their own.
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: stored ? 'w' : 'wx' });
  return { secrets, created: !stored };
}
