import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../shared/src/db/schema.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let stack: UnitEdge;
let token: string;
let otherToken: string;
beforeAll(async () => {
  stack = await startUnitEdge();
  token = await stack.createSession('hooked');
  otherToken = await stack.createSession('other');
});
afterAll(async () => stack?.close());

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

describe('webhook CRUD', () => {
  it('GET before any POST answers url null', async () => {
    const fresh = await stack.createSession('never-hooked');
    const res = await stack.json('GET', '/api/v1/webhook?sessionId=never-hooked', { headers: bearer(fresh) });
    expect(res).toEqual({ status: 200, body: { status: 'success', sessionId: 'never-hooked', url: null } });
  });

  it('POST sets it with a fresh signing secret; GET returns it without the secret; POST again replaces both', async () => {
    const first = await stack.json('POST', '/api/v1/webhook', {
      body: { sessionId: 'hooked', url: 'https://receiver.example/events' },
      headers: bearer(token),
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      status: 'success',
      message: 'Webhook URL for session hooked set.',
      sessionId: 'hooked',
      url: 'https://receiver.example/events',
      secret: expect.stringMatching(/^whsec_/),
    });
    const got = await stack.json('GET', '/api/v1/webhook?sessionId=hooked', { headers: bearer(token) });
    expect(got.body).toEqual({ status: 'success', sessionId: 'hooked', url: 'https://receiver.example/events' });

    const second = await stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'hooked', url: 'http://127.0.0.1:9/x' }, headers: bearer(token) });
    expect(second.body.secret).not.toBe(first.body.secret);
    const [row] = await stack.db.select().from(t.sessionWebhooks).where(eq(t.sessionWebhooks.sessionId, 'hooked'));
    expect(row).toMatchObject({ url: 'http://127.0.0.1:9/x', secret: second.body.secret });
  });

  it('DELETE removes it', async () => {
    await stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'hooked', url: 'https://a.example/' }, headers: bearer(token) });
    const res = await stack.json('DELETE', '/api/v1/webhook', { body: { sessionId: 'hooked' }, headers: bearer(token) });
    expect(res).toEqual({ status: 200, body: { status: 'success', message: 'Webhook for session hooked deleted.' } });
    expect((await stack.json('GET', '/api/v1/webhook?sessionId=hooked', { headers: bearer(token) })).body.url).toBeNull();
  });

  it('the master key may manage any session webhook', async () => {
    const res = await stack.json('POST', '/api/v1/webhook', {
      body: { sessionId: 'other', url: 'https://m.example/' },
      headers: { 'x-master-key': stack.masterKey },
    });
    expect(res.status).toBe(200);
  });
});

describe('webhook validation', () => {
  it.each([
    [{ sessionId: 'hooked', url: 'ftp://x.example/' }, 'url'],
    [{ sessionId: 'hooked', url: 'javascript:alert(1)' }, 'url'],
    [{ sessionId: 'hooked', url: 'not a url' }, 'url'],
    [{ sessionId: 'hooked' }, 'url'],
    [{ url: 'https://x.example/' }, 'sessionId'],
  ])('POST %j → 400 naming %s', async (body, field) => {
    const res = await stack.json('POST', '/api/v1/webhook', { body, headers: bearer(token) });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('GET without sessionId → 400', async () => {
    const res = await stack.json('GET', '/api/v1/webhook', { headers: bearer(token) });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('sessionId');
  });

  it('unknown session with the master key → 404', async () => {
    const res = await stack.json('GET', '/api/v1/webhook?sessionId=nobody', { headers: { 'x-master-key': stack.masterKey } });
    expect(res.status).toBe(404);
  });
});

describe('webhook auth matrix', () => {
  const calls = [
    ['POST', '/api/v1/webhook', { sessionId: 'hooked', url: 'https://evil.example/' }],
    ['GET', '/api/v1/webhook?sessionId=hooked', undefined],
    ['DELETE', '/api/v1/webhook', { sessionId: 'hooked' }],
  ] as const;

  it.each(calls)('%s %s: none 401, wrong 401, other session 403', async (method, path, body) => {
    await stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'hooked', url: 'https://kept.example/' }, headers: bearer(token) });
    expect((await stack.json(method, path, { body })).status).toBe(401);
    expect((await stack.json(method, path, { body, headers: bearer('wag_bogus') })).status).toBe(401);
    expect((await stack.json(method, path, { body, headers: { 'x-master-key': 'bogus' } })).status).toBe(401);
    expect((await stack.json(method, path, { body, headers: bearer(otherToken) })).status).toBe(403);
    const [row] = await stack.db.select().from(t.sessionWebhooks).where(eq(t.sessionWebhooks.sessionId, 'hooked'));
    expect(row?.url).toBe('https://kept.example/');
  });
});
