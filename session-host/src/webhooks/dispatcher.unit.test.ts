import { createHmac } from 'node:crypto';
import { eq, gt } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as t from '../../../shared/src/db/schema.js';
import { recordEvent, type WebhookEventName } from '../../../shared/src/events.js';
import { HostMetrics } from '../metrics/host-metrics.js';
import type { WebhookDispatcher, WebhookDispatcherOptions } from './dispatcher.js';
import { memoryLogger, quickDispatcher, startDb, startReceiver, waitFor, type DbFixture, type Receiver } from './test-helpers.js';

let fx: DbFixture;
const receivers: Receiver[] = [];
const dispatchers: WebhookDispatcher[] = [];

beforeAll(async () => {
  fx = await startDb();
});
afterAll(async () => fx?.close());
beforeEach(async () => {
  await fx.db.delete(t.webhookOutbox);
  await fx.db.delete(t.sessionWebhooks);
  await fx.db.delete(t.sessionEvents);
});
afterEach(async () => {
  for (const d of dispatchers.splice(0)) await d.close();
  for (const r of receivers.splice(0)) await r.close();
});

const SECRET = 'whsec_test_secret';

async function receiverFor(sessionId: string, secret = SECRET, events: string[] = ['*']): Promise<Receiver & { webhookId: number }> {
  const receiver = await startReceiver(`/hook/${sessionId}`);
  receivers.push(receiver);
  const [row] = await fx.db
    .insert(t.sessionWebhooks)
    .values({ sessionId, url: receiver.url, secret, events: JSON.stringify(events) })
    .returning({ id: t.sessionWebhooks.id });
  return Object.assign(receiver, { webhookId: row!.id });
}

function dispatcher(owned: string[], extra: Partial<WebhookDispatcherOptions> = {}): WebhookDispatcher {
  const d = quickDispatcher(fx.db, owned, extra);
  dispatchers.push(d);
  return d;
}

async function emit(sessionId: string, n: number, event: WebhookEventName = 'message.received'): Promise<void> {
  for (let i = 0; i < n; i++) await recordEvent(fx.db, sessionId, event, { n: i });
}

const rows = (sessionId: string) => fx.db.select().from(t.webhookOutbox).where(eq(t.webhookOutbox.sessionId, sessionId)).orderBy(t.webhookOutbox.id);

describe('WebhookDispatcher', () => {
  it('POSTs the stored body with id, event, timestamp and a signature that verifies with the secret', async () => {
    const receiver = await receiverFor('s1');
    await emit('s1', 1, 'session.update');
    const d = dispatcher(['s1']);
    d.kick('s1');
    await waitFor(async () => (await rows('s1'))[0]?.status === 'delivered', 'delivery');

    const [row] = await rows('s1');
    const [got] = receiver.received;
    expect(receiver.received).toHaveLength(1);
    expect(got?.body).toBe(row?.body);
    const envelope = JSON.parse(got?.body ?? '');
    expect(envelope).toEqual({ id: row?.eventId, event: 'session.update', sessionId: 's1', data: { n: 0 }, timestamp: expect.any(String), seq: 1 });
    expect(got?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-webhook-id': row?.eventId,
      'x-webhook-event': 'session.update',
      'x-webhook-timestamp': envelope.timestamp,
      'x-webhook-sequence': '1',
    });
    const expected = `sha256=${createHmac('sha256', SECRET)
      .update(got?.body ?? '')
      .digest('hex')}`;
    expect(got?.headers['x-webhook-signature']).toBe(expected);
    expect(
      createHmac('sha256', 'another secret')
        .update(got?.body ?? '')
        .digest('hex'),
    ).not.toBe(expected.slice(7));
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
    expect(row?.deliveredAt).toBeGreaterThan(0);
  });

  it('a receiver answering 500 three times then 200 gets every event, in order, each delivered once', async () => {
    const receiver = await receiverFor('s1');
    receiver.respond = (_body, index) => (index < 3 ? 500 : 200);
    await emit('s1', 4);
    dispatcher(['s1']).start();
    await waitFor(async () => (await rows('s1')).every((r) => r.status === 'delivered'), 'all delivered');

    const ids = (await rows('s1')).map((r) => r.eventId);
    // The first event is retried until it gets through; only then do the others go, in order.
    expect(receiver.received.map((r) => r.id)).toEqual([ids[0], ids[0], ids[0], ids[0], ids[1], ids[2], ids[3]]);
    const accepted = receiver.received.filter((r) => r.status === 200).map((r) => r.id);
    expect(accepted).toEqual(ids);
    const first = (await rows('s1'))[0];
    expect(first).toMatchObject({ attempts: 4, status: 'delivered', lastError: null });
  });

  it('more events than one read delivers every one in order, each once, all marked delivered', async () => {
    const receiver = await receiverFor('s1');
    await emit('s1', 40);
    dispatcher(['s1']).start();
    await waitFor(async () => (await rows('s1')).every((r) => r.status === 'delivered'), 'all delivered');
    const stored = await rows('s1');
    expect(receiver.received.map((r) => JSON.parse(r.body).seq)).toEqual(stored.map((r) => r.seq));
    expect(receiver.received.map((r) => r.id)).toEqual(stored.map((r) => r.eventId));
    expect(stored.every((r) => r.attempts === 1 && r.deliveredAt !== null)).toBe(true);
  });

  it('events moved to another webhook after they were read are still delivered to that one', async () => {
    const first = await receiverFor('s1', SECRET, ['message.received']);
    const second = await receiverFor('s1', SECRET, ['session.update']);
    await emit('s1', 3);
    // While the first event is with the first receiver, the edge hands the other two to the
    // second webhook (as setting a primary webhook again adopts a removed one's events).
    first.respond = async (_body, index) => {
      if (index === 0) await fx.db.update(t.webhookOutbox).set({ webhookId: second.webhookId }).where(gt(t.webhookOutbox.seq, 1));
      return 200;
    };
    // No polling: the first webhook's queue drains alone, then a kick finds what is left.
    const d = dispatcher(['s1'], { pollIntervalMs: 600_000 });
    d.kick('s1');
    await d.idle();
    d.kick('s1');
    await d.idle();
    expect(second.received).toHaveLength(2);
    const stored = await rows('s1');
    expect(second.received.map((r) => r.id)).toEqual(stored.slice(1).map((r) => r.eventId));
    expect(stored.map((r) => [r.webhookId, r.status])).toEqual([
      [first.webhookId, 'delivered'],
      [second.webhookId, 'delivered'],
      [second.webhookId, 'delivered'],
    ]);
  });

  it('a failed attempt records the status code and backs off', async () => {
    const receiver = await receiverFor('s1');
    receiver.respond = () => 503;
    await emit('s1', 1);
    const d = dispatcher(['s1'], { backoff: { baseMs: 60_000, maxMs: 60_000, jitter: 0 } });
    const before = Date.now();
    d.kick('s1');
    await waitFor(async () => (await rows('s1'))[0]?.attempts === 1, 'one attempt');
    const [row] = await rows('s1');
    expect(row).toMatchObject({ status: 'pending', lastError: 'HTTP 503' });
    expect(row?.nextAttemptAt).toBeGreaterThanOrEqual(before + 60_000);
    // Another drain runs to its end and finds the head not yet due: not retried before its time.
    d.kick('s1');
    await d.idle();
    expect(receiver.received).toHaveLength(1);
  });

  it('sessions deliver independently: a hanging receiver does not hold up another session', async () => {
    const stuck = await receiverFor('slow');
    stuck.respond = () => 'hang';
    const fast = await receiverFor('fast');
    await emit('slow', 2);
    await emit('fast', 3);
    const d = dispatcher(['slow', 'fast'], { fetchOptions: { timeoutMs: 30_000, allowPrivateNetwork: true } });
    d.start();
    await waitFor(async () => (await rows('fast')).every((r) => r.status === 'delivered'), 'fast session delivered');
    expect(fast.received).toHaveLength(3);
    expect(stuck.received).toHaveLength(1); // its first event is still in flight
    expect((await rows('slow')).map((r) => r.status)).toEqual(['pending', 'pending']);
  });

  it('twelve sessions with an attempt in flight at once raise no "possible EventTarget memory leak" warning', async () => {
    // Each attempt follows the dispatcher's abort signal while it runs and lets go of it after, so
    // one listener per session delivering is expected, up to maxConcurrentQueues (32).
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const ids = Array.from({ length: 12 }, (_, i) => `many-${i}`);
      const hung: Receiver[] = [];
      for (const id of ids) {
        const receiver = await receiverFor(id);
        receiver.respond = () => 'hang';
        hung.push(receiver);
        await emit(id, 1);
      }
      dispatcher(ids, { fetchOptions: { timeoutMs: 30_000, allowPrivateNetwork: true } }).start();
      await waitFor(async () => hung.every((r) => r.received.length === 1), 'every session has an attempt in flight');
      await new Promise((resolve) => setTimeout(resolve, 50)); // warnings are emitted on a later tick
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('an event still failing past maxAgeMs goes dead, and the next event gets its turn; each attempt is counted by result', async () => {
    const receiver = await receiverFor('s1');
    receiver.respond = () => 500;
    await emit('s1', 1);
    const metrics = new HostMetrics();
    const d = dispatcher(['s1'], { maxAgeMs: 300, metrics });
    d.start();
    await waitFor(async () => (await rows('s1'))[0]?.status === 'dead', 'dead');
    const [dead] = await rows('s1');
    expect(dead?.attempts).toBeGreaterThan(1);
    expect(dead?.lastError).toBe('HTTP 500');
    expect(dead?.deliveredAt).toBeNull();

    receiver.respond = () => 200;
    await emit('s1', 1);
    d.kick('s1');
    await waitFor(async () => (await rows('s1'))[1]?.status === 'delivered', 'next delivered');
    expect((await rows('s1'))[0]?.status).toBe('dead');
    const counted = Object.fromEntries((await metrics.webhookDeliveries.get()).values.map((v) => [v.labels.result, v.value]));
    expect(counted).toEqual({ retry: dead!.attempts - 1, dead: 1, delivered: 1 });
  });

  it('no webhook any more: pending events go dead with "webhook removed" and nothing is sent', async () => {
    const receiver = await receiverFor('s1');
    await emit('s1', 2);
    await fx.db.delete(t.sessionWebhooks).where(eq(t.sessionWebhooks.sessionId, 's1'));
    const d = dispatcher(['s1']);
    d.start();
    await waitFor(async () => (await rows('s1')).every((r) => r.status === 'dead'), 'dead');
    expect((await rows('s1')).map((r) => r.lastError)).toEqual(['webhook removed', 'webhook removed']);
    expect(receiver.received).toHaveLength(0);
  });

  it('without a webhook, events are numbered in the session log but nothing is queued or delivered', async () => {
    await emit('bare', 2);
    const d = dispatcher(['bare']);
    d.start();
    d.kick('bare');
    await d.idle();
    expect(await rows('bare')).toHaveLength(0);
    const logged = await fx.db.select().from(t.sessionEvents).where(eq(t.sessionEvents.sessionId, 'bare')).orderBy(t.sessionEvents.seq);
    expect(logged.map((e) => [e.seq, JSON.parse(e.body).seq])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('only owned sessions are delivered', async () => {
    const mine = await receiverFor('mine');
    const theirs = await receiverFor('theirs');
    await emit('mine', 1);
    await emit('theirs', 1);
    const d = dispatcher(['mine']);
    d.start();
    d.kick('theirs');
    await waitFor(async () => (await rows('mine'))[0]?.status === 'delivered', 'owned delivered');
    // The poll that delivered 'mine' looked only at owned sessions; its drain has ended.
    await d.idle();
    expect(mine.received).toHaveLength(1);
    expect(theirs.received).toHaveLength(0);
    expect((await rows('theirs'))[0]?.status).toBe('pending');
  });

  it('each attempt goes to the webhook URL current at that moment, signed with its current secret', async () => {
    const old = await receiverFor('s1');
    old.respond = () => 500;
    await emit('s1', 1);
    const d = dispatcher(['s1']);
    d.kick('s1');
    await waitFor(() => old.received.length === 1, 'first attempt');
    const moved = await startReceiver('/new');
    receivers.push(moved);
    await fx.db.update(t.sessionWebhooks).set({ url: moved.url, secret: 'whsec_new' }).where(eq(t.sessionWebhooks.sessionId, 's1'));
    d.start();
    await waitFor(async () => (await rows('s1'))[0]?.status === 'delivered', 'delivered to the new URL');
    const [got] = moved.received;
    expect(got?.headers['x-webhook-signature']).toBe(
      `sha256=${createHmac('sha256', 'whsec_new')
        .update(got?.body ?? '')
        .digest('hex')}`,
    );
    expect((await rows('s1'))[0]?.attempts).toBe(old.received.length + 1);
  });

  it('stops delivering a session as soon as this host no longer owns it', async () => {
    const receiver = await receiverFor('s1');
    const owned = ['s1'];
    receiver.respond = (_body, index) => {
      if (index === 0) owned.length = 0; // the lease moves away during the first delivery
      return 200;
    };
    await emit('s1', 3);
    const d = dispatcher(owned);
    d.start();
    await waitFor(async () => (await rows('s1'))[0]?.status === 'delivered', 'first delivered');
    // The drain loop saw the lease gone and ended; the poll starts none for an unowned session.
    await d.idle();
    expect(receiver.received).toHaveLength(1);
    expect((await rows('s1')).map((r) => r.status)).toEqual(['delivered', 'pending', 'pending']);
  });

  it('refuses a loopback receiver unless allowPrivateNetwork, recording why', async () => {
    const receiver = await receiverFor('s1');
    await emit('s1', 1);
    const d = dispatcher(['s1'], { fetchOptions: { timeoutMs: 2000 }, backoff: { baseMs: 60_000 } });
    d.kick('s1');
    await waitFor(async () => (await rows('s1'))[0]?.attempts === 1, 'attempt');
    expect((await rows('s1'))[0]?.lastError).toMatch(/^private-address: /);
    expect(receiver.received).toHaveLength(0);
  });

  it("lastError names the receiver's host and why, never the addresses its name resolved to", async () => {
    const receiver = await receiverFor('s1');
    await fx.db.update(t.sessionWebhooks).set({ url: receiver.url.replace('127.0.0.1', 'localhost') });
    await emit('s1', 1);
    const d = dispatcher(['s1'], { fetchOptions: { timeoutMs: 2000 }, backoff: { baseMs: 60_000 } });
    d.kick('s1');
    await waitFor(async () => (await rows('s1'))[0]?.attempts === 1, 'attempt');
    const lastError = (await rows('s1'))[0]?.lastError ?? '';
    expect(lastError).toMatch(/^private-address: localhost resolves to a non-public address \(loopback\)/);
    expect(lastError).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it('a refused connection is recorded by host name, not by the address it failed on', async () => {
    const receiver = await receiverFor('s1');
    await receiver.close();
    await fx.db.update(t.sessionWebhooks).set({ url: receiver.url.replace('127.0.0.1', 'localhost') });
    await emit('s1', 1);
    const d = dispatcher(['s1'], { backoff: { baseMs: 60_000 } });
    d.kick('s1');
    await waitFor(async () => (await rows('s1'))[0]?.attempts === 1, 'attempt');
    const lastError = (await rows('s1'))[0]?.lastError ?? '';
    expect(lastError).toBe('network: ECONNREFUSED while talking to localhost');
  });

  it('survives the database going away and delivers once it is back', async () => {
    const receiver = await receiverFor('s1');
    await emit('s1', 1);
    const { logger, lines } = memoryLogger();
    await fx.stop();
    const d = dispatcher(['s1'], { logger });
    d.start();
    await waitFor(() => lines.some((l) => l.msg === 'webhook poll failed'), 'poll error logged');
    await fx.restart();
    await waitFor(async () => receiver.received.length === 1 && (await rows('s1'))[0]?.status === 'delivered', 'delivery after outage');
    expect(lines.find((l) => l.msg === 'webhook poll failed')).toMatchObject({ level: 50, component: 'webhooks', err: expect.any(Object) });
  });

  it('close() aborts an attempt in flight and leaves the event pending for a later try', async () => {
    const receiver = await receiverFor('s1');
    receiver.respond = () => 'hang';
    await emit('s1', 1);
    // The attempt alone would wait 10 minutes for the hanging receiver, far past the test's timeout:
    // close() returning at all shows it aborted the attempt.
    const d = dispatcher(['s1'], { fetchOptions: { timeoutMs: 600_000, allowPrivateNetwork: true } });
    d.kick('s1');
    await waitFor(() => receiver.received.length === 1, 'attempt started');
    await d.close();
    expect((await rows('s1'))[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
