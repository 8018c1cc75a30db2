import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHostProcess, type HostProcess } from '../../../test-support/host-process.js';
import { loadOrCreateSecrets } from './secrets.js';
import { localS3Credentials } from './local-s3.js';

const dirs: string[] = [];
const hosts: HostProcess[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Every directory and file under `root` with its permission bits. */
function modes(root: string): Record<string, number> {
  const out: Record<string, number> = { '.': modeOf(root) };
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      out[prefix + name] = modeOf(path);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
    }
  };
  walk(root, '');
  return out;
}

async function startOn(dataDir: string): Promise<HostProcess> {
  const host = await startHostProcess({ DATA_DIR: dataDir });
  hosts.push(host);
  // A media object, so the S3 tree holds a stored file too.
  const credentials = localS3Credentials(loadOrCreateSecrets(dataDir).secrets);
  const s3 = new S3Client({ endpoint: host.s3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await s3.send(new PutObjectCommand({ Bucket: 'wa-gateway-media', Key: 'photo.jpg', Body: Buffer.from('jpeg bytes') }));
  s3.destroy();
  return host;
}

function expectOwnerOnly(dataDir: string) {
  const all = modes(dataDir);
  for (const [path, mode] of Object.entries(all)) {
    const isDir = statSync(join(dataDir, path)).isDirectory();
    expect({ path, mode: mode.toString(8) }).toEqual({ path, mode: isDir ? '700' : '600' });
  }
  return all;
}

describe('data directory permissions', () => {
  it('a fresh data directory and everything the host creates in it are owner-only', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'wag-perm-'));
    dirs.push(parent);
    const dataDir = join(parent, 'data');
    await startOn(dataDir);
    const all = expectOwnerOnly(dataDir);
    for (const file of ['secrets.json', 'wa-gateway.db', 'wa-gateway.db-wal', 'wa-gateway.db-shm', 's3', 's3/wa-gateway-media'])
      expect(all).toHaveProperty([file]);
    expect(Object.keys(all).some((path) => path.startsWith('s3/wa-gateway-media/photo.jpg'))).toBe(true);
  });

  it('an older install left world-readable is made owner-only at start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wag-perm-old-'));
    dirs.push(dataDir);
    loadOrCreateSecrets(dataDir);
    mkdirSync(join(dataDir, 's3', 'wa-gateway-media'), { recursive: true });
    writeFileSync(join(dataDir, 's3', 'wa-gateway-media', 'old.bin'), 'old media');
    for (const path of ['', 's3', 's3/wa-gateway-media']) chmodSync(join(dataDir, path), 0o755);
    for (const path of ['secrets.json', 's3/wa-gateway-media/old.bin']) chmodSync(join(dataDir, path), 0o644);
    await startOn(dataDir);
    expect(existsSync(join(dataDir, 's3/wa-gateway-media/old.bin'))).toBe(true);
    expectOwnerOnly(dataDir);
  });
});
