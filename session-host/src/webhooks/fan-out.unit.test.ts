// Several webhooks per session: each gets the events its filter names, numbered per session, signed
// with its own secret, and delivered as its own queue.
import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as t from '../../../shared/src/db/schema.js';
import { eventInserts, recordEvent, type WebhookEventName } from '../../../shared/src/events.js';
import type { WebhookDispatcher } from './dispatcher.js';
import { quickDispatcher, startDb, startReceiver, waitFor, type DbFixture, type Receiver } from './test-helpers.js';

let fx: DbFixture;
const receivers: Receiver[] = [];
const dispatchers: WebhookDispatcher[] = [];

beforeAll(async () => {
  fx = await startDb();
});
afterAll(async () => fx?.close());
beforeEach(async () => {
  for (const table of [t.webhookOutbox, t.sessionWebhooks, t.sessionEvents]) await fx.db.delete(table);
});
afterEach(async () => {
  for (const d of dispatchers.splice(0)) await d.close();
  for (const r of receivers.splice(0)) await r.close();
});

async function webhook(sessionId: string, secret: string, events: string[]) {
  const receiver = await startReceiver(`/hook/${secret}`);
  receivers.push(receiver);
  const [row] = await fx.db
    .insert(t.sessionWebhooks)
    .values({ sessionId, url: receiver.url, secret, events: JSON.stringify(events) })
    .returning({ id: t.sessionWebhooks.id });
  return Object.assign(receiver, { id: row!.id, secret });
}

function start(owned: string[]): WebhookDispatcher {
  const d = quickDispatcher(fx.db, owned);
  dispatchers.push(d);
  d.start();
  return d;
}

const queue = (sessionId: string, webhookId: number) =>
  fx.db
    .select()
    .from(t.webhookOutbox)
    .where(and(eq(t.webhookOutbox.sessionId, sessionId), eq(t.webhookOutbox.webhookId, webhookId)))
    .orderBy(t.webhookOutbox.id);

const seqs = (r: Receiver) => r.received.filter((got) => got.status === 200).map((got) => JSON.parse(got.body).seq as number);

const MIXED: WebhookEventName[] = ['session.update', 'message.received', 'message.status', 'message.received', 'group.update', 'message.status'];

describe('webhook fan-out', () => {
  it('each webhook gets what its filter names, in order, numbered per session, signed with its own secret', async () => {
    const everything = await webhook('s1', 'whsec_all', ['*']);
    const messages = await webhook('s1', 'whsec_msg', ['message.received', 'message.status']);
    const sessionOnly = await webhook('s1', 'whsec_session', ['session.update']);
    for (const [i, event] of MIXED.entries()) await recordEvent(fx.db, 's1', event, { n: i });
    start(['s1']);
    await waitFor(() => everything.received.length === 6 && messages.received.length === 4 && sessionOnly.received.length === 1, 'all deliveries');

    expect(seqs(everything)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seqs(messages)).toEqual([2, 3, 4, 6]);
    expect(seqs(sessionOnly)).toEqual([1]);
    expect(messages.received.map((got) => JSON.parse(got.body).event)).toEqual(['message.received', 'message.status', 'message.received', 'message.status']);
    for (const receiver of [everything, messages, sessionOnly]) {
      for (const got of receiver.received) {
        const body = JSON.parse(got.body);
        expect(got.headers['x-webhook-signature']).toBe(`sha256=${createHmac('sha256', receiver.secret).update(got.body).digest('hex')}`);
        expect(got.headers['x-webhook-sequence']).toBe(String(body.seq));
        expect(got.headers['x-webhook-id']).toBe(body.id);
        expect(body.id).toMatch(new RegExp(`-${receiver.id}$`));
      }
    }
    // The same event (seq 2) reached two webhooks under two delivery ids with the same data.
    const [a, b] = [everything, messages].map((r) => JSON.parse(r.received.find((got) => JSON.parse(got.body).seq === 2)!.body));
    expect(a.id).not.toBe(b.id);
    expect({ ...a, id: undefined }).toEqual({ ...b, id: undefined });
  });

  it('a receiver that is down holds up only itself: the other webhook of the session gets every event', async () => {
    const down = await webhook('s1', 'whsec_down', ['*']);
    down.respond = () => 503;
    const up = await webhook('s1', 'whsec_up', ['*']);
    for (let i = 0; i < 5; i++) await recordEvent(fx.db, 's1', 'message.received', { n: i });
    start(['s1']);
    await waitFor(async () => (await queue('s1', up.id)).every((r) => r.status === 'delivered'), 'the working receiver');
    expect(seqs(up)).toEqual([1, 2, 3, 4, 5]);
    await waitFor(() => down.received.length >= 2, 'retries of the failing one');
    // The failing webhook retries its first event only; its queue keeps its order.
    expect(new Set(down.received.map((got) => JSON.parse(got.body).seq))).toEqual(new Set([1]));
    expect((await queue('s1', down.id)).map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
  });

  it("deleting one webhook kills only its pending deliveries ('webhook removed'); the other goes on", async () => {
    const doomed = await webhook('s1', 'whsec_doomed', ['*']);
    doomed.respond = () => 500;
    const kept = await webhook('s1', 'whsec_kept', ['*']);
    kept.respond = () => 500;
    for (let i = 0; i < 2; i++) await recordEvent(fx.db, 's1', 'message.received', { n: i });
    await fx.db.delete(t.sessionWebhooks).where(eq(t.sessionWebhooks.id, doomed.id));
    kept.respond = () => 200;
    start(['s1']);
    await waitFor(async () => (await queue('s1', doomed.id)).every((r) => r.status === 'dead'), 'orphans dead');
    await waitFor(async () => (await queue('s1', kept.id)).every((r) => r.status === 'delivered'), 'kept delivered');
    expect((await queue('s1', doomed.id)).map((r) => r.lastError)).toEqual(['webhook removed', 'webhook removed']);
    expect(doomed.received).toHaveLength(0);
  });

  it('onlyIfChanged: no event, no number and no delivery when the statement before changed nothing', async () => {
    const receiver = await webhook('s1', 'whsec_x', ['*']);
    await recordEvent(fx.db, 's1', 'message.received', { n: 0 });
    const noop = fx.db.update(t.sessionWebhooks).set({ url: 'x' }).where(eq(t.sessionWebhooks.id, -1));
    await fx.db.batch([noop, ...eventInserts(fx.db, 's1', 'campaign.progress', { n: 1 }, Date.now(), { onlyIfChanged: true })]);
    await recordEvent(fx.db, 's1', 'message.received', { n: 2 });
    start(['s1']);
    await waitFor(() => receiver.received.length === 2, 'deliveries');
    expect(receiver.received.map((got) => JSON.parse(got.body).data.n)).toEqual([0, 2]);
    expect(seqs(receiver)).toEqual([1, 2]);
  });
});
