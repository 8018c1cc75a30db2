// /health, /ready and X-Request-Id on the edge in this process (real libSQL, real embedded S3).
// No session host runs here and SESSION_HOST_URL points at a closed port, so the host check
// passes only through a live row in session_hosts, as a heartbeating host leaves one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostLeases, sessionHosts } from '../../../shared/src/db/schema.js';
import { startUnitEdge, type UnitEdge } from '../../../test-support/unit-edge.js';

let edge: UnitEdge;
beforeAll(async () => {
  edge = await startUnitEdge();
});
afterAll(async () => edge?.close());

describe('GET /health', () => {
  it('answers 200 {status: ok} at both paths without a credential', async () => {
    for (const path of ['/health', '/api/v1/health']) {
      const res = await edge.json('GET', path);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 200, body: { status: 'ok' } });
    }
  });

  it('refuses a wrong credential like every public operation', async () => {
    const res = await edge.json('GET', '/health', { headers: { 'x-master-key': 'wrong' } });
    expect(res.status).toBe(401);
  });
});

describe('GET /ready', () => {
  /** A host row as its heartbeat writes it (no lease: it holds no session). */
  const heartbeat = (hostId: string, at: number, options: { draining?: boolean } = {}) =>
    edge.db
      .insert(sessionHosts)
      .values({ hostId, hostUrl: 'http://127.0.0.1:9', heartbeatAt: at, expiresAt: at + 15_000, draining: options.draining ?? false })
      .onConflictDoUpdate({ target: sessionHosts.hostId, set: { heartbeatAt: at, expiresAt: at + 15_000, draining: options.draining ?? false } });

  it("is judged by the hosts' heartbeats: 503 saying why while none is live or all drain, 200 for a live host with no session", async () => {
    await edge.db.delete(sessionHosts);
    const none = await edge.json('GET', '/ready');
    expect(none.status).toBe(503);
    expect(none.body).toEqual({
      status: 'error',
      message: 'Not ready: host',
      failed: ['host'],
      checks: { database: 'ok', storage: 'ok', host: 'no live session host: none has ever heartbeated' },
    });

    // A lease alone is not a live host: its holder may have stopped heartbeating.
    const now = Date.now();
    await edge.db
      .insert(hostLeases)
      .values({ sessionId: 'ready-lease', hostId: 'h0', hostUrl: 'http://127.0.0.1:9', expiresAt: now + 60_000, heartbeatAt: now });
    expect((await edge.json('GET', '/ready')).status).toBe(503);
    await edge.db.delete(hostLeases);

    await heartbeat('h1', now);
    const ready = await edge.json('GET', '/api/v1/ready');
    expect(ready).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'ok', storage: 'ok', host: 'ok' } } });

    await heartbeat('h1', now, { draining: true });
    expect((await edge.json('GET', '/ready')).body.checks.host).toBe('no live session host: the only live host is draining');

    // Stale: its heartbeat is 40 s old, past its 15 s TTL; the freshest stale host is named.
    await heartbeat('h1', now - 40_000);
    await heartbeat('h2', now - 90_000);
    const stale = await edge.json('GET', '/ready');
    expect(stale.status).toBe(503);
    expect(stale.body.checks.host).toMatch(/^no live session host: the last heartbeat \(h1\) was 4\d s ago$/);
  });
});

describe('GET /ready with storage that does not answer', () => {
  let broken: UnitEdge;
  beforeAll(async () => {
    broken = await startUnitEdge({ bindings: { S3_ENDPOINT: 'http://127.0.0.1:9' } });
  });
  afterAll(async () => broken?.close());

  it('names storage (and host) as failed, and says nothing about where storage is', async () => {
    const res = await broken.json('GET', '/ready');
    expect(res.status).toBe(503);
    expect(res.body.failed).toEqual(['storage', 'host']);
    expect(res.body.checks).toEqual({ database: 'ok', storage: 'unreachable', host: 'no live session host: none has ever heartbeated' });
    expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');
  });
});

describe('X-Request-Id', () => {
  it("returns the caller's own id", async () => {
    const res = await edge.fetch('/api/v1/sessions', { headers: { 'x-request-id': 'trace-42:a.b_c' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-42:a.b_c');
  });

  it('makes one when none is sent, and replaces an unacceptable one', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const none = await edge.fetch('/health');
    expect(none.headers.get('x-request-id')).toMatch(uuid);
    for (const bad of ['has space', 'x'.repeat(129), 'line\\nbreak', '<script>']) {
      const res = await edge.fetch('/health', { headers: { 'x-request-id': bad } });
      expect(res.headers.get('x-request-id'), bad).toMatch(uuid);
    }
  });

  it('is on error answers and on answers a handler built itself', async () => {
    const refused = await edge.fetch('/api/v1/sessions', { headers: { 'x-request-id': 'err-1', authorization: 'Bearer nope' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toBe('err-1');
    const missing = await edge.fetch('/media/00000000-0000-4000-8000-000000000000.png', { headers: { 'x-request-id': 'media-1' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('media-1');
    const page = await edge.fetch('/dashboard/login', { headers: { 'x-request-id': 'page-1' } });
    expect(page.headers.get('x-request-id')).toBe('page-1');
  });
});
