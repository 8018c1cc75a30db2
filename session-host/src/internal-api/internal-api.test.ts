import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../../shared/src/db/schema.js';
import { NONCE_HEADER, SIGNATURE_HEADER, signRequest, type InternalCall } from '../../../shared/src/internal-auth.js';
import { answerToDeclaredBody } from '../../../test-support/raw-http.js';
import { loadHostConfig, type HostConfig } from '../config/config.js';
import { startSessionHost, type RunningHost } from '../host.js';

const SECRET = 'internal-api-test-secret-0123456789';
const HOST_ID = 'host-b';
let host: RunningHost;
let config: HostConfig;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wag-host-'));
  config = loadHostConfig({
    DATA_DIR: dataDir,
    HOST_ID,
    HOST_PORT: '0',
    LIBSQL_LOCAL_PORT: '0',
    S3_LOCAL_PORT: '0',
    HOST_SHARED_SECRET: SECRET,
    LIBSQL_AUTH_TOKEN: 'tok',
    LOG_LEVEL: 'silent',
  });
  host = await startSessionHost(config, pino({ level: 'silent' }));
  await host.db.insert(sessions).values({ id: 'known', tokenHash: 'h1' });
});
afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const sign = (path: string, body = '{}', extra: Partial<InternalCall> & { secret?: string; now?: number } = {}) =>
  signRequest(extra.secret ?? SECRET, { method: 'POST', path, targetHostId: HOST_ID, body, ...extra }, extra.now);

async function call(path: string, headers: Record<string, string>, body = '{}') {
  const res = await fetch(host.url + path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as { status: string; message?: string } };
}

/** Sends the headers and the start of a body that never comes whole: only an answer given before
 * the body is read can arrive. */
async function answerToEndlessBody(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const answer = await answerToDeclaredBody(new URL(host.url), {
    method: 'POST',
    path,
    headers: { ...headers, 'content-type': 'application/json' },
    contentLength: 1024,
    bodyPrefix: '{"padding":"',
  });
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]), body: answer };
}

describe('session host internal API', () => {
  const path = '/internal/sessions/known/start';

  it('GET /health answers without a signature', async () => {
    const res = await fetch(`${host.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', hostId: HOST_ID });
  });

  it('refuses unsigned calls and calls signed with another secret', async () => {
    expect((await call(path, {})).status).toBe(401);
    expect((await call(path, await sign(path, '{}', { secret: 'another-secret-0123456789' }))).status).toBe(401);
  });

  it('refuses a signature for another path or body', async () => {
    expect((await call(path, await sign('/internal/sessions/other/start'))).status).toBe(401);
    expect((await call(path, await sign(path, '{"x":1}'))).status).toBe(401);
  });

  it('refuses a call signed for another host (hosts share the secret)', async () => {
    const res = await call(path, await sign(path, '{}', { targetHostId: 'host-a' }));
    expect(res).toEqual({ status: 401, body: { status: 'error', message: 'Unauthorized internal call: bad signature' } });
  });

  it('refuses a timestamp outside the window', async () => {
    const res = await call(path, await sign(path, '{}', { now: Date.now() - 120_000 }));
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('window');
  });

  it('refuses missing and stale signature headers before reading the body', async () => {
    const missing = await answerToEndlessBody(path, {});
    expect(missing.status).toBe(401);
    expect(missing.body).toContain('missing signature headers');
    const stale = await answerToEndlessBody(path, await sign(path, '{}', { now: Date.now() - 120_000 }));
    expect(stale.status).toBe(401);
    expect(stale.body).toContain('window');
  });

  it('refuses a signed body over 64 KiB with 413, declared or streamed', async () => {
    const big = JSON.stringify({ logout: false, padding: 'x'.repeat(70 * 1024) });
    const stop = '/internal/sessions/known/stop';
    expect((await call(stop, await sign(stop, big), big)).status).toBe(413);
    const streamed = new ReadableStream({
      start: (controller) => {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await fetch(host.url + stop, {
      method: 'POST',
      headers: { ...(await sign(stop, big)), 'content-type': 'application/json' },
      body: streamed,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('accepts two identical calls signed in the same millisecond (workerd’s clock stands still within a request)', async () => {
    const now = Date.now();
    const [first, second] = await Promise.all([sign(path, '{}', { now }), sign(path, '{}', { now })]);
    expect(first[SIGNATURE_HEADER]).not.toBe(second[SIGNATURE_HEADER]);
    const answers = await Promise.all([call(path, first), call(path, second)]);
    expect(answers.map((a) => a.body.message ?? '')).not.toContainEqual(expect.stringContaining('replayed'));
    expect(answers.map((a) => a.status)).not.toContain(401);
  });

  it('refuses a call without its nonce or with another one', async () => {
    const headers = await sign(path);
    const { [NONCE_HEADER]: _nonce, ...withoutNonce } = headers;
    expect((await call(path, withoutNonce)).body.message).toContain('missing signature headers');
    expect((await call(path, { ...headers, [NONCE_HEADER]: '00'.repeat(16) })).body.message).toContain('bad signature');
  });

  it('accepts a signed call once and refuses its replay, also after a restart', async () => {
    const headers = await sign(path);
    const first = await call(path, headers);
    expect(first).toEqual({ status: 200, body: { status: 'success' } });
    expect(host.sessions.ownedSessions.has('known')).toBe(true);
    const replay = await call(path, headers);
    expect(replay.status).toBe(401);
    expect(replay.body.message).toContain('replayed');

    const kick = '/internal/sessions/known/kick';
    const kickHeaders = await sign(kick);
    expect((await call(kick, kickHeaders)).status).toBe(200);
    await host.close();
    host = await startSessionHost(config, pino({ level: 'silent' }));
    const afterRestart = await call(kick, kickHeaders);
    expect(afterRestart.status).toBe(401);
    expect(afterRestart.body.message).toContain('replayed');
  });

  it('answers 409 for a session that does not exist', async () => {
    const missing = '/internal/sessions/missing/start';
    expect((await call(missing, await sign(missing))).status).toBe(409);
  });

  it('groups: a command outside the schema is 400; one for a session this host does not run is 409', async () => {
    const groups = '/internal/sessions/known/groups';
    const bad = JSON.stringify({ op: 'explode', groupId: '1@g.us' });
    expect(await call(groups, await sign(groups, bad), bad)).toEqual({ status: 400, body: { status: 'error', message: 'invalid group command' } });
    const list = JSON.stringify({ op: 'list' });
    const elsewhere = '/internal/sessions/missing/groups';
    const notOwned = await call(elsewhere, await sign(elsewhere, list), list);
    expect(notOwned.status).toBe(409);
    expect(notOwned.body.message).toContain('not owned by this host');
  });
});
