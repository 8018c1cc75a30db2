import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../shared/src/auth/password-hash.js';
import { loadOrCreateAdminPassword } from '../../../session-host/src/embedded/admin-password.js';
import type { DashboardConfig } from '../deps.js';
import { adminLoginEnabled, verifyAdminPassword } from './password.js';

const config = (over: Partial<DashboardConfig>): DashboardConfig => ({
  adminUsername: 'admin',
  adminPassword: undefined,
  adminPasswordHash: undefined,
  cookieSecret: 's',
  loginMaxAttempts: 10,
  ...over,
});

describe('admin password', () => {
  it('checks a PBKDF2 hash written by the embedded default, and a plain ADMIN_PASSWORD', async () => {
    const hashed = config({ adminPasswordHash: await hashPassword('correct horse') });
    expect(await verifyAdminPassword(hashed, 'correct horse')).toBe(true);
    expect(await verifyAdminPassword(hashed, 'correct horsE')).toBe(false);
    const plain = config({ adminPassword: 'pw' });
    expect(await verifyAdminPassword(plain, 'pw')).toBe(true);
    expect(await verifyAdminPassword(plain, 'pw ')).toBe(false);
  });

  it('refuses everything when neither is set or the hash is malformed', async () => {
    expect(adminLoginEnabled(config({}))).toBe(false);
    expect(await verifyAdminPassword(config({}), '')).toBe(false);
    expect(await verifyAdminPassword(config({ adminPasswordHash: 'md5$1$x$y' }), 'x')).toBe(false);
    expect(await verifyAdminPassword(config({ adminPasswordHash: 'pbkdf2-sha256$0$x$y' }), 'x')).toBe(false);
  });

  it('is generated once into secrets.json as a hash; the clear text is returned only that time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wag-admin-'));
    try {
      writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ masterApiKey: 'k' }));
      const first = await loadOrCreateAdminPassword(dir);
      expect(first.password).toMatch(/^[\w-]{24}$/);
      const stored = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'));
      expect(stored).toEqual({ masterApiKey: 'k', adminPasswordHash: first.hash });
      expect(JSON.stringify(stored)).not.toContain(first.password);
      expect(await loadOrCreateAdminPassword(dir)).toEqual({ hash: first.hash, password: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
