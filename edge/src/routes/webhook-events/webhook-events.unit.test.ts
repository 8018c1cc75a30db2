import { randomUUID } from 'node:crypto';
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
  // An unroutable receiver: should a dispatcher run in this stack, pending rows stay pending.
  for (const [sessionId, bearer] of [
    ['hooked', token],
    ['other', otherToken],
  ] as const) {
    const res = await stack.json('POST', '/api/v1/webhook', {
      body: { sessionId, url: 'https://receiver.invalid/events' },
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => stack?.close());

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
const master = () => ({ 'x-master-key': stack.masterKey });
const BASE = Date.UTC(2026, 0, 1);

type Status = 'pending' | 'delivered' | 'dead';
const primaryId = async (sessionId: string) =>
  (await stack.db.select().from(t.sessionWebhooks).where(eq(t.sessionWebhooks.sessionId, sessionId)).orderBy(t.sessionWebhooks.id))[0]?.id ?? null;

async function insertEvent(sessionId: string, status: Status, extra: Partial<typeof t.webhookOutbox.$inferInsert> = {}) {
  const eventId = randomUUID();
  const createdAt = extra.createdAt ?? BASE;
  const body = JSON.stringify({ id: eventId, event: 'message.received', sessionId, data: { text: 'hi' }, timestamp: new Date(createdAt).toISOString() });
  await stack.db.insert(t.webhookOutbox).values({
    sessionId,
    eventId,
    event: 'message.received',
    body,
    status,
    attempts: status === 'pending' ? 0 : 3,
    lastError: status === 'dead' ? 'HTTP 500' : null,
    createdAt,
    nextAttemptAt: status === 'pending' ? Date.now() + 3_600_000 : createdAt,
    deliveredAt: status === 'delivered' ? createdAt + 1000 : null,
    webhookId: await primaryId(sessionId),
    ...extra,
  });
  return eventId;
}

const row = async (eventId: string) => (await stack.db.select().from(t.webhookOutbox).where(eq(t.webhookOutbox.eventId, eventId)))[0];

describe('GET /webhook/events', () => {
  it('lists a session’s events newest first with their delivery state and payload', async () => {
    const dead = await insertEvent('hooked', 'dead', { createdAt: BASE });
    const delivered = await insertEvent('hooked', 'delivered', { createdAt: BASE + 1 });
    await insertEvent('other', 'dead');
    const res = await stack.json('GET', '/api/v1/webhook/events?sessionId=hooked', { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('success');
    expect(res.body.nextCursor).toBeNull();
    const ids = res.body.events.map((e: { id: string }) => e.id);
    expect(ids.indexOf(delivered)).toBeLessThan(ids.indexOf(dead));
    expect(res.body.events.every((e: { payload: { sessionId: string } }) => e.payload.sessionId === 'hooked')).toBe(true);
    expect(res.body.events.find((e: { id: string }) => e.id === dead)).toEqual({
      id: dead,
      event: 'message.received',
      webhookId: await primaryId('hooked'),
      seq: null,
      status: 'dead',
      attempts: 3,
      lastError: 'HTTP 500',
      createdAt: new Date(BASE).toISOString(),
      deliveredAt: null,
      nextAttemptAt: null,
      payload: { id: dead, event: 'message.received', sessionId: 'hooked', data: { text: 'hi' }, timestamp: new Date(BASE).toISOString() },
    });
    expect(res.body.events.find((e: { id: string }) => e.id === delivered)).toMatchObject({
      status: 'delivered',
      deliveredAt: new Date(BASE + 1001).toISOString(),
    });
  });

  it('filters by status', async () => {
    const pending = await insertEvent('hooked', 'pending');
    const dead = await insertEvent('hooked', 'dead');
    const res = await stack.json('GET', '/api/v1/webhook/events?sessionId=hooked&status=pending', { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { id: string }) => e.id)).toContain(pending);
    expect(res.body.events.every((e: { status: string }) => e.status === 'pending')).toBe(true);
    expect(res.body.events.find((e: { id: string }) => e.id === pending).nextAttemptAt).toEqual(expect.any(String));
    const deadOnly = await stack.json('GET', '/api/v1/webhook/events?sessionId=hooked&status=dead', { headers: bearer(token) });
    expect(deadOnly.body.events.map((e: { id: string }) => e.id)).toContain(dead);
    expect(deadOnly.body.events.every((e: { status: string }) => e.status === 'dead')).toBe(true);
  });

  it('pages with limit and cursor: every event once, newest first, nextCursor null at the end', async () => {
    await stack.createSession('paged');
    await stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'paged', url: 'https://receiver.invalid/' }, headers: master() });
    const inserted: string[] = [];
    for (let i = 0; i < 5; i++) inserted.push(await insertEvent('paged', 'delivered', { createdAt: BASE + i }));
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const query: string = `/api/v1/webhook/events?sessionId=paged&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await stack.json('GET', query, { headers: master() });
      expect(res.status).toBe(200);
      sizes.push(res.body.events.length);
      seen.push(...res.body.events.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...inserted].reverse());
  });

  it('filters by webhook: only the deliveries to that one', async () => {
    const added = await stack.json('POST', '/api/v1/sessions/hooked/webhooks', { body: { url: 'https://second.invalid/' }, headers: bearer(token) });
    expect(added.status).toBe(201);
    const second = added.body.webhook.id as number;
    const toSecond = await insertEvent('hooked', 'dead', { webhookId: second });
    const toPrimary = await insertEvent('hooked', 'dead');
    const res = await stack.json('GET', `/api/v1/webhook/events?sessionId=hooked&webhookId=${second}`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(res.body.events.map((e: { id: string }) => e.id)).toEqual([toSecond]);
    const all = await stack.json('GET', '/api/v1/webhook/events?sessionId=hooked&status=dead', { headers: bearer(token) });
    expect(all.body.events.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([toSecond, toPrimary]));
    await stack.json('DELETE', `/api/v1/sessions/hooked/webhooks/${second}`, { headers: bearer(token) });
  });

  it.each([
    ['sessionId=hooked&webhookId=abc', 'webhookId'],
    ['', 'sessionId'],
    ['sessionId=hooked&status=lost', 'status'],
    ['sessionId=hooked&limit=0', 'limit'],
    ['sessionId=hooked&limit=abc', 'limit'],
    ['sessionId=hooked&limit=1000', 'limit'],
    ['sessionId=hooked&cursor=abc', 'cursor'],
    ['sessionId=bad%20id', 'sessionId'],
  ])('?%s → 400 naming %s', async (query, field) => {
    const res = await stack.json('GET', `/api/v1/webhook/events?${query}`, { headers: master() });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('error');
    expect(res.body.message).toContain(field);
  });

  it('unknown session → 404', async () => {
    const res = await stack.json('GET', '/api/v1/webhook/events?sessionId=nobody', { headers: master() });
    expect(res.status).toBe(404);
  });
});

describe('POST /webhook/events/{eventId}/retry', () => {
  it('puts a dead event back to pending, due now', async () => {
    const eventId = await insertEvent('hooked', 'dead');
    const before = Date.now();
    const res = await stack.json('POST', `/api/v1/webhook/events/${eventId}/retry`, { headers: bearer(token) });
    expect(res).toEqual({ status: 200, body: { status: 'success', message: `Webhook event ${eventId} queued for delivery.` } });
    const after = await row(eventId);
    expect(after?.status).toBe('pending');
    expect(after?.nextAttemptAt).toBeGreaterThanOrEqual(before - 5000);
    const listed = await stack.json('GET', '/api/v1/webhook/events?sessionId=hooked&status=pending', { headers: bearer(token) });
    expect(listed.body.events.map((e: { id: string }) => e.id)).toContain(eventId);
  });

  it('a pending event waiting on backoff is made due now', async () => {
    const eventId = await insertEvent('hooked', 'pending', { nextAttemptAt: Date.now() + 3_600_000 });
    const res = await stack.json('POST', `/api/v1/webhook/events/${eventId}/retry`, { headers: master() });
    expect(res.status).toBe(200);
    expect((await row(eventId))?.nextAttemptAt).toBeLessThan(Date.now() + 60_000);
  });

  it('a delivered event → 409; unknown → 404; malformed id → 400', async () => {
    const delivered = await insertEvent('hooked', 'delivered');
    const conflict = await stack.json('POST', `/api/v1/webhook/events/${delivered}/retry`, { headers: bearer(token) });
    expect(conflict.status).toBe(409);
    expect((await row(delivered))?.status).toBe('delivered');
    const missing = await stack.json('POST', `/api/v1/webhook/events/${randomUUID()}/retry`, { headers: master() });
    expect(missing.status).toBe(404);
    const bad = await stack.json('POST', `/api/v1/webhook/events/${'x'.repeat(200)}/retry`, { headers: master() });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('eventId');
  });

  it('no webhook set → 409 saying so, event left dead', async () => {
    await stack.createSession('unhooked');
    const eventId = await insertEvent('unhooked', 'dead', { lastError: 'webhook removed' });
    const res = await stack.json('POST', `/api/v1/webhook/events/${eventId}/retry`, { headers: master() });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('no webhook');
    expect((await row(eventId))?.status).toBe('dead');
  });

  it('its own webhook removed → 409 when the primary does not take that event; it stays dead', async () => {
    await stack.createSession('rehooked');
    const first = await stack.json('POST', '/api/v1/sessions/rehooked/webhooks', { body: { url: 'https://one.invalid/' }, headers: master() });
    await stack.json('POST', '/api/v1/sessions/rehooked/webhooks', { body: { url: 'https://two.invalid/', events: ['session.update'] }, headers: master() });
    const eventId = await insertEvent('rehooked', 'dead', { webhookId: first.body.webhook.id });
    await stack.json('DELETE', `/api/v1/sessions/rehooked/webhooks/${first.body.webhook.id}`, { headers: master() });
    const res = await stack.json('POST', `/api/v1/webhook/events/${eventId}/retry`, { headers: master() });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('no webhook');
    expect((await row(eventId))?.status).toBe('dead');
  });

  it('the original "DELETE /webhook, POST /webhook, retry": the dead event goes to the new primary webhook', async () => {
    await stack.createSession('reset');
    await stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'reset', url: 'https://old.invalid/' }, headers: master() });
    const eventId = await insertEvent('reset', 'dead');
    await stack.json('DELETE', '/api/v1/webhook', { body: { sessionId: 'reset' }, headers: master() });
    await stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'reset', url: 'https://new.invalid/' }, headers: master() });
    const res = await stack.json('POST', `/api/v1/webhook/events/${eventId}/retry`, { headers: master() });
    expect(res.status).toBe(200);
    expect(await row(eventId)).toMatchObject({ status: 'pending', webhookId: await primaryId('reset') });
  });
});

describe('webhook events auth matrix', () => {
  it.each(['GET', 'POST'] as const)('%s: none 401, bad token 401, bad master key 401, other session 403, own token and master 200', async (method) => {
    const call = async (headers?: Record<string, string>) => {
      if (method === 'GET') return (await stack.json('GET', '/api/v1/webhook/events?sessionId=hooked', { headers })).status;
      const eventId = await insertEvent('hooked', 'dead');
      const status = (await stack.json('POST', `/api/v1/webhook/events/${eventId}/retry`, { headers })).status;
      if (status !== 200) expect((await row(eventId))?.status).toBe('dead');
      return status;
    };
    expect(await call()).toBe(401);
    expect(await call(bearer('wag_bogus'))).toBe(401);
    expect(await call({ 'x-master-key': 'bogus' })).toBe(401);
    expect(await call(bearer(otherToken))).toBe(403);
    expect(await call(bearer(token))).toBe(200);
    expect(await call(master())).toBe(200);
  });
});
