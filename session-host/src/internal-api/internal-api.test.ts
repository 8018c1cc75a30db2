import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../../shared/src/db/schema.js';
import { signRequest } from '../../../shared/src/internal-auth.js';
import { loadHostConfig } from '../config/config.js';
import { startSessionHost, type RunningHost } from '../host.js';

const SECRET = 'internal-api-test-secret-0123456789';
let host: RunningHost;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wag-host-'));
  const config = loadHostConfig({ DATA_DIR: dataDir, HOST_PORT: '0', LIBSQL_LOCAL_PORT: '0', S3_LOCAL_PORT: '0', HOST_SHARED_SECRET: SECRET, LIBSQL_AUTH_TOKEN: 'tok', LOG_LEVEL: 'silent' });
  host = await startSessionHost(config, pino({ level: 'silent' }));
  await host.db.insert(sessions).values({ id: 'known', tokenHash: 'h1' });
});
afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(path: string, headers: Record<string, string>, body = '{}') {
  const res = await fetch(host.url + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as { status: string; message?: string } };
}

describe('session host internal API', () => {
  const path = '/internal/sessions/known/start';

  it('GET /health answers without a signature', async () => {
    const res = await fetch(`${host.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', hostId: host.hostId });
  });

  it('refuses unsigned calls and calls signed with another secret', async () => {
    expect((await call(path, {})).status).toBe(401);
    expect((await call(path, await signRequest('another-secret-0123456789', 'POST', path, '{}'))).status).toBe(401);
  });

  it('refuses a signature for another path or body', async () => {
    expect((await call(path, await signRequest(SECRET, 'POST', '/internal/sessions/other/start', '{}'))).status).toBe(401);
    expect((await call(path, await signRequest(SECRET, 'POST', path, '{"x":1}'))).status).toBe(401);
  });

  it('refuses a timestamp outside the window', async () => {
    const res = await call(path, await signRequest(SECRET, 'POST', path, '{}', Date.now() - 120_000));
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('window');
  });

  it('accepts a signed call once and refuses its replay', async () => {
    const headers = await signRequest(SECRET, 'POST', path, '{}');
    const first = await call(path, headers);
    expect(first).toEqual({ status: 200, body: { status: 'success' } });
    expect(host.sessions.ownedSessions.has('known')).toBe(true);
    const replay = await call(path, headers);
    expect(replay.status).toBe(401);
    expect(replay.body.message).toContain('replayed');
  });

  it('answers 409 for a session that does not exist', async () => {
    const missing = '/internal/sessions/missing/start';
    expect((await call(missing, await signRequest(SECRET, 'POST', missing, '{}'))).status).toBe(409);
  });
});
