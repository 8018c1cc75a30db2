import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../shared/src/db/schema.js';
import { recordEvent } from '../../../../shared/src/events.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let stack: UnitEdge;
let otherToken: string;
beforeAll(async () => {
  stack = await startUnitEdge();
  otherToken = await stack.createSession('someone-else');
});
afterAll(async () => stack?.close());

/** The documented limit (importing the shared constant here would load zod before the OpenAPI extension). */
const MAX_WEBHOOKS_PER_SESSION = 10;
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
const stored = (sessionId: string) => stack.db.select().from(t.sessionWebhooks).where(eq(t.sessionWebhooks.sessionId, sessionId)).orderBy(t.sessionWebhooks.id);

/** A fresh session and a way to call its webhook endpoints with its token. */
async function session(sessionId: string) {
  const token = await stack.createSession(sessionId);
  const call = (method: string, path = '', body?: unknown) =>
    stack.json(method, `/api/v1/sessions/${sessionId}/webhooks${path}`, { body, headers: bearer(token) });
  return { token, call };
}

describe('session webhooks CRUD', () => {
  it('POST adds webhooks (201, secret shown once); the first is primary; GET lists them oldest first without secrets', async () => {
    const { call } = await session('crud-add');
    const first = await call('POST', '', { url: 'https://a.example/hook' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      status: 'success',
      message: `Webhook ${first.body.webhook.id} added to session crud-add.`,
      webhook: {
        id: expect.any(Number),
        url: 'https://a.example/hook',
        events: ['*'],
        primary: true,
        secret: expect.stringMatching(/^whsec_/),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
    const second = await call('POST', '', { url: 'https://b.example/hook', events: ['message.received', 'message.status', 'message.received'] });
    expect(second.body.webhook).toMatchObject({ primary: false, events: ['message.received', 'message.status'] });
    expect(second.body.webhook.secret).not.toBe(first.body.webhook.secret);

    const list = await call('GET');
    expect(list.status).toBe(200);
    expect(list.body.sessionId).toBe('crud-add');
    expect(list.body.webhooks.map((w: { url: string; primary: boolean }) => [w.url, w.primary])).toEqual([
      ['https://a.example/hook', true],
      ['https://b.example/hook', false],
    ]);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    expect((await stored('crud-add')).map((r) => r.secret)).toEqual([first.body.webhook.secret, second.body.webhook.secret]);

    const one = await call('GET', `/${second.body.webhook.id}`);
    expect(one).toEqual({ status: 200, body: { status: 'success', webhook: list.body.webhooks[1] } });
  });

  it('"*" among names means every event', async () => {
    const { call } = await session('crud-star');
    const res = await call('POST', '', { url: 'https://a.example/', events: ['message.status', '*'] });
    expect(res.body.webhook.events).toEqual(['*']);
  });

  it('PATCH changes url and events; rotateSecret issues a new secret shown once', async () => {
    const { call } = await session('crud-patch');
    const created = await call('POST', '', { url: 'https://a.example/' });
    const id = created.body.webhook.id;
    const changed = await call('PATCH', `/${id}`, { url: 'https://moved.example/', events: ['session.update'] });
    expect(changed.status).toBe(200);
    expect(changed.body.webhook).toMatchObject({ id, url: 'https://moved.example/', events: ['session.update'], primary: true });
    expect(changed.body.webhook.secret).toBeUndefined();
    expect((await stored('crud-patch'))[0]?.secret).toBe(created.body.webhook.secret);

    const rotated = await call('PATCH', `/${id}`, { rotateSecret: true });
    expect(rotated.body.webhook.secret).toMatch(/^whsec_/);
    expect(rotated.body.webhook.secret).not.toBe(created.body.webhook.secret);
    expect((await stored('crud-patch'))[0]).toMatchObject({ secret: rotated.body.webhook.secret, url: 'https://moved.example/', events: '["session.update"]' });
  });

  it('DELETE removes one; the next oldest becomes primary, and the original GET /webhook shows it', async () => {
    const { call, token } = await session('crud-delete');
    const first = await call('POST', '', { url: 'https://first.example/' });
    await call('POST', '', { url: 'https://second.example/' });
    const res = await call('DELETE', `/${first.body.webhook.id}`);
    expect(res).toEqual({ status: 200, body: { status: 'success', message: `Webhook ${first.body.webhook.id} of session crud-delete deleted.` } });
    expect((await call('GET', `/${first.body.webhook.id}`)).status).toBe(404);
    expect((await call('DELETE', `/${first.body.webhook.id}`)).status).toBe(404);
    expect((await call('GET')).body.webhooks).toEqual([expect.objectContaining({ url: 'https://second.example/', primary: true })]);
    const legacy = await stack.json('GET', '/api/v1/webhook?sessionId=crud-delete', { headers: bearer(token) });
    expect(legacy.body.url).toBe('https://second.example/');
  });
});

describe('the original /webhook acts on the primary webhook', () => {
  it('POST creates the primary (every event) when none exists, then changes only it, keeping its filter; DELETE removes only it', async () => {
    const { call, token } = await session('legacy-primary');
    const set = await stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'legacy-primary', url: 'https://one.example/' }, headers: bearer(token) });
    expect(set.status).toBe(200);
    const [primary] = await stored('legacy-primary');
    expect(primary).toMatchObject({ url: 'https://one.example/', events: '["*"]', secret: set.body.secret });

    await call('PATCH', `/${primary!.id}`, { events: ['message.received'] });
    const other = await call('POST', '', { url: 'https://other.example/' });
    const again = await stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'legacy-primary', url: 'https://two.example/' }, headers: bearer(token) });
    const rows = await stored('legacy-primary');
    expect(rows.map((r) => [r.id, r.url, r.events, r.secret])).toEqual([
      [primary!.id, 'https://two.example/', '["message.received"]', again.body.secret],
      [other.body.webhook.id, 'https://other.example/', '["*"]', other.body.webhook.secret],
    ]);

    const removed = await stack.json('DELETE', '/api/v1/webhook', { body: { sessionId: 'legacy-primary' }, headers: bearer(token) });
    expect(removed.status).toBe(200);
    expect((await stored('legacy-primary')).map((r) => r.id)).toEqual([other.body.webhook.id]);
  });
});

describe('pending deliveries of a removed webhook', () => {
  const pending = (sessionId: string) =>
    stack.db.select().from(t.webhookOutbox).where(eq(t.webhookOutbox.sessionId, sessionId)).orderBy(asc(t.webhookOutbox.id));

  it('the original "DELETE /webhook, then POST /webhook": the new webhook takes the waiting events, ahead of new ones', async () => {
    const { token } = await session('adopt');
    const set = (url: string) => stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'adopt', url }, headers: bearer(token) });
    await set('https://old.example/');
    for (const n of [1, 2]) await recordEvent(stack.db, 'adopt', 'message.received', { n });
    await stack.json('DELETE', '/api/v1/webhook', { body: { sessionId: 'adopt' }, headers: bearer(token) });
    await set('https://new.example/');
    await recordEvent(stack.db, 'adopt', 'message.received', { n: 3 });
    const [replacement] = await stored('adopt');
    const rows = await pending('adopt');
    expect(rows.map((r) => [r.seq, r.webhookId, r.status])).toEqual([
      [1, replacement!.id, 'pending'],
      [2, replacement!.id, 'pending'],
      [3, replacement!.id, 'pending'],
    ]);
  });

  it('are not handed to a primary that has its own delivery of the same event', async () => {
    const { call } = await session('no-adopt');
    await call('POST', '', { url: 'https://primary.example/' });
    const second = await call('POST', '', { url: 'https://second.example/' });
    await recordEvent(stack.db, 'no-adopt', 'message.received', { n: 1 });
    await call('DELETE', `/${second.body.webhook.id}`);
    await call('POST', '', { url: 'https://third.example/' });
    expect((await pending('no-adopt')).map((r) => r.webhookId)).toEqual([(await stored('no-adopt'))[0]!.id, second.body.webhook.id]);
  });
});

describe('session webhooks validation', () => {
  it.each([
    [{ url: 'https://a.example/', events: ['message.recieved'] }, 'events'],
    [{ url: 'https://a.example/', events: [] }, 'events'],
    [{ url: 'https://a.example/', events: 'message.received' }, 'events'],
    [{ url: 'ftp://a.example/' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ events: ['*'] }, 'url'],
  ])('POST %j → 400 naming %s, nothing stored', async (body, field) => {
    const { call } = await session(`bad-post-${field}-${Math.random().toString(36).slice(2, 8)}`);
    const res = await call('POST', '', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', details: expect.any(Array) });
    expect(res.body.message).toContain(field);
  });

  it.each([
    [{}, 'url'],
    [{ events: ['nope'] }, 'events'],
    [{ url: 'javascript:alert(1)' }, 'url'],
    [{ rotateSecret: false }, 'rotateSecret'],
  ])('PATCH %j → 400 naming %s', async (body, field) => {
    const { call } = await session(`bad-patch-${field}-${Math.random().toString(36).slice(2, 8)}`);
    const created = await call('POST', '', { url: 'https://a.example/' });
    const res = await call('PATCH', `/${created.body.webhook.id}`, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('a malformed webhookId → 400 naming it; one of another session → 404', async () => {
    const { call } = await session('bad-id');
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await call(method, '/abc', method === 'PATCH' ? { rotateSecret: true } : undefined);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('webhookId');
    }
    const theirs = await stack.json('POST', '/api/v1/sessions/someone-else/webhooks', { body: { url: 'https://x.example/' }, headers: bearer(otherToken) });
    expect((await call('GET', `/${theirs.body.webhook.id}`)).status).toBe(404);
    expect((await call('DELETE', `/${theirs.body.webhook.id}`)).status).toBe(404);
    expect((await stored('someone-else')).map((r) => r.id)).toContain(theirs.body.webhook.id);
  });

  it(`at most ${MAX_WEBHOOKS_PER_SESSION} per session: the next → 400 naming webhooks, nothing stored`, async () => {
    const { call } = await session('bounded');
    const created = await Promise.all(Array.from({ length: MAX_WEBHOOKS_PER_SESSION }, (_, i) => call('POST', '', { url: `https://h${i}.example/` })));
    expect(created.map((r) => r.status)).toEqual(Array(MAX_WEBHOOKS_PER_SESSION).fill(201));
    const res = await call('POST', '', { url: 'https://one-too-many.example/' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(`${MAX_WEBHOOKS_PER_SESSION} webhooks`);
    expect(res.body.details).toEqual([{ path: 'webhooks', message: res.body.message }]);
    expect(await stored('bounded')).toHaveLength(MAX_WEBHOOKS_PER_SESSION);
  });

  it('unknown session with the master key → 404', async () => {
    const res = await stack.json('GET', '/api/v1/sessions/nobody/webhooks', { headers: { 'x-master-key': stack.masterKey } });
    expect(res.status).toBe(404);
  });
});

describe('session webhooks auth', () => {
  it('none 401, bogus token 401, bogus master key 401, another session 403; nothing changes', async () => {
    const { call } = await session('guarded');
    const created = await call('POST', '', { url: 'https://kept.example/' });
    const id = created.body.webhook.id;
    const calls: [string, string, unknown][] = [
      ['GET', '', undefined],
      ['POST', '', { url: 'https://evil.example/' }],
      ['GET', `/${id}`, undefined],
      ['PATCH', `/${id}`, { url: 'https://evil.example/' }],
      ['DELETE', `/${id}`, undefined],
    ];
    for (const [method, path, body] of calls) {
      const url = `/api/v1/sessions/guarded/webhooks${path}`;
      expect((await stack.json(method, url, { body })).status).toBe(401);
      expect((await stack.json(method, url, { body, headers: bearer('wag_bogus') })).status).toBe(401);
      expect((await stack.json(method, url, { body, headers: { 'x-master-key': 'bogus' } })).status).toBe(401);
      expect((await stack.json(method, url, { body, headers: bearer(otherToken) })).status).toBe(403);
    }
    expect((await stored('guarded')).map((r) => r.url)).toEqual(['https://kept.example/']);
    expect((await stack.json('GET', '/api/v1/sessions/guarded/webhooks', { headers: { 'x-master-key': stack.masterKey } })).status).toBe(200);
  });
});
