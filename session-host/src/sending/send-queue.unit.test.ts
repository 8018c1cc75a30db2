// The send queue against a real libSQL database and a fake WhatsApp socket that records what it
// was asked to send: order, WhatsApp ids, crash recovery, retries and permanent failures, all as
// rows and outbox events, which is what the API and webhooks then show.
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import { and, eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StoredObject } from '../../../shared/src/storage/media-store.js';
import { hostLeases, messages, sessions, sessionWebhooks, webhookOutbox } from '../../../shared/src/db/schema.js';
import { createHostDb, type HostDb } from '../db/client.js';
import { StatementBatcher } from '../events/statement-batcher.js';
import { NO_LIMITS } from '../governor/no-limits.js';
import { SendGovernor } from '../governor/send-governor.js';
import type { LeaseFence } from '../leases/lease-fence.js';
import { SessionLease } from '../leases/session-lease.js';
import { DB_TOKEN, startDb, type DbFixture } from '../webhooks/test-helpers.js';
import { MessageContentBuilder } from './message-content.js';
import { MessageRefs } from './message-refs.js';
import { RateGovernor } from './rate-governor.js';
import { type SendPacer, SendQueue, type SendTarget } from './send-queue.js';

const logger = pino({ level: process.env.SQ_LOG ?? 'silent' });
const NOT_ON_WHATSAPP = '628990000000@s.whatsapp.net';
let fx: DbFixture;
let db: HostDb;
let queue: SendQueue | undefined;
let sessionCount = 0;

beforeAll(async () => {
  fx = await startDb();
  db = fx.db;
});
afterAll(async () => fx?.close());
afterEach(async () => {
  await queue?.stop();
  queue = undefined;
});

interface Sent {
  jid: string;
  content: AnyMessageContent;
  messageId: string | undefined;
  at: number;
}

/** A connection whose socket records each send; `failures` makes the next sends to a JID throw, and
 * `held` keeps the next send to a JID in flight until it is released. `connectedReads` counts the
 * queue's looks at the connection: one per round of its loop. `unacked` are the sends the queue said it
 * was writing and whose write did not fail (the server acknowledges nothing here). */
function fakeTarget() {
  const sent: Sent[] = [];
  const lookups: string[] = [];
  let connected = true;
  const target = {
    unacked: new Set<string>(),
    held: new Map<string, Promise<void>>(),
    writing: (id: string) => void target.unacked.add(id),
    written: (_id: string) => undefined,
    notWritten: (id: string) => void target.unacked.delete(id),
    get connected() {
      target.connectedReads++;
      return connected;
    },
    set connected(value: boolean) {
      connected = value;
    },
    connectedReads: 0,
    failures: new Map<string, Error[]>(),
    sent,
    lookups,
    socket: {
      async onWhatsApp(...jids: string[]) {
        lookups.push(...jids);
        return jids.map((jid) => ({ jid, exists: jid !== NOT_ON_WHATSAPP }));
      },
      async sendMessage(jid: string, content: AnyMessageContent, options?: { messageId?: string }) {
        const held = target.held.get(jid);
        target.held.delete(jid);
        await held;
        const failure = target.failures.get(jid)?.shift();
        if (failure) throw failure;
        sent.push({ jid, content, messageId: options?.messageId, at: Date.now() });
        return undefined;
      },
    } as unknown as SendTarget['socket'],
  };
  return target;
}

/** A session of its own per test, with a webhook so the outbox records its events. */
async function newSession(): Promise<string> {
  const sessionId = `sq-${++sessionCount}`;
  await db.insert(sessionWebhooks).values({ sessionId, url: 'http://127.0.0.1:9/hook', secret: 's' });
  return sessionId;
}

async function queueText(sessionId: string, waMessageId: string, to: string, body: string, status = 'queued') {
  await db.insert(messages).values({
    sessionId,
    waMessageId,
    direction: 'out',
    remoteJid: to,
    type: 'text',
    payload: JSON.stringify({
      recipient_type: to.endsWith('@g.us') ? 'group' : 'individual',
      to: to.endsWith('@g.us') ? to : to.split('@')[0],
      type: 'text',
      text: { body },
    }),
    status,
  });
}

interface QueueOptions {
  clock?: () => number;
  governor?: SendPacer;
  maxAttempts?: number;
  statusDelayMs?: number;
  idlePollMaxMs?: number;
  fence?: LeaseFence;
  /** the queue's own connection to the database (default: the test's) */
  db?: HostDb;
}

function startQueue(sessionId: string, target: SendTarget, options: QueueOptions = {}) {
  const content = new MessageContentBuilder(
    {
      put: async () => {},
      putStream: async () => {},
      get: async (): Promise<StoredObject | null> => null,
      delete: async () => {},
      reachable: async () => {},
    },
    { timeoutMs: 1_000, allowPrivateNetwork: false },
    new MessageRefs(db),
  );
  queue = new SendQueue(
    sessionId,
    options.db ?? db,
    target,
    content,
    new StatementBatcher(db, logger, options.statusDelayMs ?? 5),
    options.governor ?? new RateGovernor(0, 0),
    { maxAttempts: options.maxAttempts ?? 3, pollMs: 50, idlePollMaxMs: options.idlePollMaxMs, fence: options.fence },
    logger,
    options.clock,
  );
  queue.start();
  return queue;
}

/** A connection to the same database that counts the statements sent over it: claims (each scans the
 * session's queued rows) and writes. A batch's statements are stored first and named by id. */
function countingDb() {
  const seen = { claims: 0, writes: 0 };
  const stored = new Map<number, string>();
  const counted = createHostDb(fx.server.url, DB_TOKEN, async (input, init) => {
    const request = new Request(input, init);
    const body = JSON.parse((await request.clone().text()) || '{}') as { requests?: HranaRequest[] };
    for (const r of body.requests ?? []) {
      if (r.type === 'store_sql') stored.set(r.sql_id!, r.sql!);
      const stmts = r.type === 'batch' ? r.batch!.steps.map((step) => step.stmt) : r.stmt ? [r.stmt] : [];
      for (const stmt of stmts) {
        const text = stmt.sql ?? stored.get(stmt.sql_id!) ?? '';
        if (text.startsWith("update messages set status = 'sending'")) seen.claims++;
        else if (/^(update|insert|delete)\b/i.test(text)) seen.writes++;
      }
    }
    return fetch(request);
  });
  return { db: counted, seen };
}

interface HranaStatement {
  sql?: string;
  sql_id?: number;
}
interface HranaRequest {
  type: string;
  sql?: string;
  sql_id?: number;
  stmt?: HranaStatement;
  batch?: { steps: { stmt: HranaStatement }[] };
}

const rowOf = async (sessionId: string, waMessageId: string) =>
  (
    await db
      .select()
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.waMessageId, waMessageId)))
  )[0]!;

async function waitForRow(sessionId: string, waMessageId: string, pred: (row: Awaited<ReturnType<typeof rowOf>>) => boolean) {
  for (;;) {
    const row = await rowOf(sessionId, waMessageId);
    if (pred(row)) return row;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const statusEvents = async (sessionId: string) =>
  (await db.select().from(webhookOutbox).where(eq(webhookOutbox.sessionId, sessionId)).orderBy(webhookOutbox.id))
    .filter((e) => e.event === 'message.status')
    .map((e) => JSON.parse(e.body).data as { id: string; status: string; error?: string });

describe('SendQueue', () => {
  it('sends queued messages oldest first under their stored WhatsApp ids, and records sent with a message.status event', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    for (const n of [1, 2, 3]) await queueText(sessionId, `ID-${n}`, `62811000000${n}@s.whatsapp.net`, `hello ${n}`);
    startQueue(sessionId, target);
    const last = await waitForRow(sessionId, 'ID-3', (r) => r.status === 'sent');
    expect(target.sent.map((s) => [s.jid, s.messageId, s.content])).toEqual([
      ['628110000001@s.whatsapp.net', 'ID-1', { text: 'hello 1' }],
      ['628110000002@s.whatsapp.net', 'ID-2', { text: 'hello 2' }],
      ['628110000003@s.whatsapp.net', 'ID-3', { text: 'hello 3' }],
    ]);
    expect(last).toMatchObject({ attempts: 1, error: null });
    expect(last.sentAt).not.toBeNull();
    expect(await statusEvents(sessionId)).toEqual([1, 2, 3].map((n) => ({ id: `ID-${n}`, to: `62811000000${n}@s.whatsapp.net`, status: 'sent' })));
  });

  it('sends a row a crashed host left `sending` again under the same id, once', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    await queueText(sessionId, 'CRASHED', '628110000010@s.whatsapp.net', 'again', 'sending');
    startQueue(sessionId, target);
    await waitForRow(sessionId, 'CRASHED', (r) => r.status === 'sent');
    expect(target.sent.map((s) => s.messageId)).toEqual(['CRASHED']);
  });

  it('holds messages while the session is not connected and sends them when kicked after it connects', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    target.connected = false;
    await queueText(sessionId, 'WAITS', '628110000020@s.whatsapp.net', 'later');
    const running = startQueue(sessionId, target);
    // Two rounds of the loop looked at the connection, found it down, and sent nothing.
    while (target.connectedReads < 2) {
      running.kick();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await rowOf(sessionId, 'WAITS')).status).toBe('queued');
    expect(target.sent).toEqual([]);
    target.connected = true;
    running.kick();
    await waitForRow(sessionId, 'WAITS', (r) => r.status === 'sent');
    expect(target.sent.map((s) => s.messageId)).toEqual(['WAITS']);
  });

  it('with idlePollMaxMs, an idle session does not poll: a kick wakes it, and a retry goes out when it is due', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    startQueue(sessionId, target, { idlePollMaxMs: 600_000 });
    while (target.connectedReads < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    // Ten of its 50 ms polls' worth of time: without idlePollMaxMs the loop would have looked ten times.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(target.connectedReads).toBe(1);

    target.failures.set('628110000025@s.whatsapp.net', [new Error('socket hiccup')]);
    await queueText(sessionId, 'IDLE-KICKED', '628110000025@s.whatsapp.net', 'wake up');
    queue!.kick();
    const failedOnce = await waitForRow(sessionId, 'IDLE-KICKED', (r) => r.status === 'queued' && r.attempts === 1);
    // Retried at its due time (2 s), long before the 600 s idle poll.
    const sent = await waitForRow(sessionId, 'IDLE-KICKED', (r) => r.status === 'sent');
    expect(sent.attempts).toBe(2);
    expect(target.sent.map((m) => m.messageId)).toEqual(['IDLE-KICKED']);
    expect(target.sent[0]!.at).toBeGreaterThanOrEqual(failedOnce.nextAttemptAt!);
  });

  it('fails a number that is not on WhatsApp at once, without sending, and asks WhatsApp about each number once', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    await queueText(sessionId, 'NOPE-1', NOT_ON_WHATSAPP, 'a');
    await queueText(sessionId, 'NOPE-2', NOT_ON_WHATSAPP, 'b');
    startQueue(sessionId, target);
    const row = await waitForRow(sessionId, 'NOPE-2', (r) => r.status === 'failed');
    expect(row).toMatchObject({ attempts: 1, error: '628990000000 is not on WhatsApp' });
    expect(target.sent).toEqual([]);
    expect(target.lookups).toEqual([NOT_ON_WHATSAPP]);
    expect((await statusEvents(sessionId)).map((e) => [e.id, e.status, e.error])).toEqual([
      ['NOPE-1', 'failed', '628990000000 is not on WhatsApp'],
      ['NOPE-2', 'failed', '628990000000 is not on WhatsApp'],
    ]);
  });

  it('sends to groups without a number lookup', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    await queueText(sessionId, 'GROUP', '120363000000000001@g.us', 'to the group');
    startQueue(sessionId, target);
    await waitForRow(sessionId, 'GROUP', (r) => r.status === 'sent');
    expect(target.lookups).toEqual([]);
  });

  it('fails a message whose media is gone at once, without retrying', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    await db.insert(messages).values({
      sessionId,
      waMessageId: 'NO-MEDIA',
      direction: 'out',
      remoteJid: '628110000030@s.whatsapp.net',
      type: 'image',
      payload: JSON.stringify({ recipient_type: 'individual', to: '628110000030', type: 'image', image: { id: '0b9f6c8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f.jpg' } }),
      status: 'queued',
    });
    startQueue(sessionId, target);
    expect(await waitForRow(sessionId, 'NO-MEDIA', (r) => r.status === 'failed')).toMatchObject({
      attempts: 1,
      error: 'media 0b9f6c8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f.jpg not found',
    });
    expect(target.sent).toEqual([]);
  });

  it('fails a stored message that no longer reads at once, naming what is wrong', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    const base = { sessionId, direction: 'out' as const, remoteJid: '628110000035@s.whatsapp.net', type: 'text', status: 'queued' };
    await db.insert(messages).values([
      { ...base, waMessageId: 'NO-JSON', payload: '{"to":' },
      { ...base, waMessageId: 'OLD-SHAPE', payload: JSON.stringify({ to: '628110000035', type: 'text', text: { words: 'x' } }) },
    ]);
    startQueue(sessionId, target);
    expect(await waitForRow(sessionId, 'NO-JSON', (r) => r.status === 'failed')).toMatchObject({ attempts: 1, error: 'stored message is not valid JSON' });
    expect(await waitForRow(sessionId, 'OLD-SHAPE', (r) => r.status === 'failed')).toMatchObject({
      attempts: 1,
      error: 'stored message is not valid: text.body is required',
    });
    expect(target.sent).toEqual([]);
  });

  it('retries a transient failure after 2 s, then 4 s, on the clock it is given, and fails after maxAttempts with the last reason', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    const flaky = '628110000040@s.whatsapp.net';
    target.failures.set(flaky, [new Error('socket hiccup 1'), new Error('socket hiccup 2'), new Error('socket hiccup 3')]);
    let now = 1_000_000;
    await queueText(sessionId, 'FLAKY', flaky, 'eventually');
    const running = startQueue(sessionId, target, { clock: () => now, maxAttempts: 3 });

    const first = await waitForRow(sessionId, 'FLAKY', (r) => r.status === 'queued' && r.attempts === 1);
    expect(first).toMatchObject({ error: 'socket hiccup 1', nextAttemptAt: now + 2_000 });
    // 1 ms before it is due: a message queued now is sent, the retry is not taken with it.
    now += 1_999;
    await queueText(sessionId, 'DUE-NOW', '628110000041@s.whatsapp.net', 'due now');
    running.kick();
    await waitForRow(sessionId, 'DUE-NOW', (r) => r.status === 'sent');
    expect(await rowOf(sessionId, 'FLAKY')).toMatchObject({ status: 'queued', attempts: 1 });

    now += 1;
    running.kick();
    const second = await waitForRow(sessionId, 'FLAKY', (r) => r.attempts === 2 && r.status === 'queued');
    expect(second).toMatchObject({ error: 'socket hiccup 2', nextAttemptAt: now + 4_000 });
    now += 4_000;
    running.kick();
    expect(await waitForRow(sessionId, 'FLAKY', (r) => r.status === 'failed')).toMatchObject({ attempts: 3, error: 'socket hiccup 3' });
    expect((await statusEvents(sessionId)).filter((e) => e.id === 'FLAKY')).toEqual([{ id: 'FLAKY', to: flaky, status: 'failed', error: 'socket hiccup 3' }]);
    expect(target.sent.map((s) => s.messageId)).toEqual(['DUE-NOW']);
  });

  it('a chat whose message waits for its retry sends nothing after it meanwhile; other chats go on; then both go in order', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    const [chat, other] = ['628110000045@s.whatsapp.net', '628110000046@s.whatsapp.net'];
    target.failures.set(chat, [new Error('socket hiccup')]);
    let now = 2_000_000;
    // One claim takes all three: the chat's second message is in the same batch as its first.
    await queueText(sessionId, 'FIRST', chat, 'first');
    await queueText(sessionId, 'SECOND', chat, 'second');
    await queueText(sessionId, 'ELSEWHERE', other, 'elsewhere');
    const running = startQueue(sessionId, target, { clock: () => now });
    await waitForRow(sessionId, 'ELSEWHERE', (r) => r.status === 'sent');
    await waitForRow(sessionId, 'FIRST', (r) => r.status === 'queued' && r.attempts === 1);
    // Not tried, so its attempt is given back; and later claims leave it while FIRST waits.
    expect(await rowOf(sessionId, 'SECOND')).toMatchObject({ status: 'queued', attempts: 0 });
    await queueText(sessionId, 'THIRD', chat, 'third');
    running.kick();
    await queueText(sessionId, 'LATER', other, 'later');
    running.kick();
    await waitForRow(sessionId, 'LATER', (r) => r.status === 'sent');
    expect(target.sent.map((s) => s.messageId)).toEqual(['ELSEWHERE', 'LATER']);

    now += 2_000;
    running.kick();
    await waitForRow(sessionId, 'THIRD', (r) => r.status === 'sent');
    expect(target.sent.filter((s) => s.jid === chat).map((s) => s.messageId)).toEqual(['FIRST', 'SECOND', 'THIRD']);
  });

  it('spaces sends by the rate governor', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    for (const n of [1, 2, 3]) await queueText(sessionId, `PACED-${n}`, `62811000005${n}@s.whatsapp.net`, 'paced');
    // The slot the governor gave each send (a busy event loop may run a send late after its slot,
    // so the times sends ran say nothing of the pace); no send may run before its slot.
    const rate = new RateGovernor(600, 0);
    const granted: number[] = [];
    const governor = {
      enabled: true,
      wait: async () => {
        granted.push(Math.max(Date.now(), rate.nextSlotAt));
        await rate.wait();
      },
    };
    startQueue(sessionId, target, { governor });
    await waitForRow(sessionId, 'PACED-3', (r) => r.status === 'sent');
    expect(target.sent.map((s) => s.messageId)).toEqual(['PACED-1', 'PACED-2', 'PACED-3']);
    // 600/min is one slot every 100 ms; a timer may fire a millisecond early, never much earlier.
    for (const gap of granted.slice(1).map((at, i) => at - granted[i]!)) expect(gap).toBeGreaterThanOrEqual(100);
    for (const [i, sent] of target.sent.entries()) expect(sent.at).toBeGreaterThanOrEqual(granted[i]! - 2);
  });

  it('stop() ends the loop and writes the statuses still waiting for their batch', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    await queueText(sessionId, 'FLUSHED', '628110000060@s.whatsapp.net', 'bye');
    // A batch window far longer than the test: only stop()'s flush can write the status.
    const running = startQueue(sessionId, target, { statusDelayMs: 600_000 });
    while (target.sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await rowOf(sessionId, 'FLUSHED')).status).toBe('sending');
    await running.stop();
    queue = undefined;
    expect((await rowOf(sessionId, 'FLUSHED')).status).toBe('sent');
  });

  it("a connection that closes while a send is in flight: that send gets its sent, is queued again once the batch settles, and goes out again before the chat's next message", async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    const [chat, other] = ['628110000070@s.whatsapp.net', '628110000071@s.whatsapp.net'];
    const now = 3_000_000;
    let release = () => {};
    target.held.set(chat, new Promise<void>((resolve) => (release = resolve)));
    // The close makes the chat's next send in this batch throw, as Baileys does on a closed socket.
    const writing = target.writing;
    target.writing = (id) => {
      if (id === 'NEXT') target.failures.set(chat, [Object.assign(new Error('Connection Closed'), { output: { statusCode: 428 } })]);
      writing(id);
    };
    await queueText(sessionId, 'IN-FLIGHT', chat, 'written as the connection closed');
    await queueText(sessionId, 'NEXT', chat, 'after it');
    await queueText(sessionId, 'ACKED', other, 'acknowledged before the close');
    const running = startQueue(sessionId, target, { clock: () => now });
    await waitForRow(sessionId, 'ACKED', (r) => r.status === 'sent');
    target.unacked.delete('ACKED');
    while (!target.unacked.has('IN-FLIGHT')) await new Promise((resolve) => setTimeout(resolve, 5));
    // The connection closes: what it left unacknowledged is handed back while IN-FLIGHT's write is still
    // under way; the write then completes, as a frame written just before the close does.
    running.requeueUnacked([...target.unacked]);
    release();
    // Neither uses up an attempt: the connection lost them, WhatsApp did not refuse them.
    await waitForRow(sessionId, 'NEXT', (r) => r.status === 'queued' && r.error === 'Connection Closed');
    while (target.sent.filter((s) => s.messageId === 'IN-FLIGHT').length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await waitForRow(sessionId, 'IN-FLIGHT', (r) => r.status === 'sent' && r.attempts === 1);
    expect(target.sent.map((s) => s.messageId)).toEqual(['ACKED', 'IN-FLIGHT', 'IN-FLIGHT']);
    expect(await rowOf(sessionId, 'ACKED')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await rowOf(sessionId, 'NEXT')).toMatchObject({ status: 'queued', error: 'Connection Closed', attempts: 0, nextAttemptAt: now + 1_000 });
  });

  it('a connection that closes between the claim and the send: the message goes back to the queue, not stuck `sending`, and out once connected again', async () => {
    const sessionId = await newSession();
    const target = fakeTarget();
    await queueText(sessionId, 'CUT', '628110000080@s.whatsapp.net', 'claimed as the connection closed');
    // As a WaSession: the socket is gone once the connection is. The loop sees it connected and claims;
    // the close lands before the send.
    let up = true;
    const { socket } = target;
    Object.defineProperty(target, 'connected', {
      get: () => {
        const was = up;
        up = false;
        return was;
      },
    });
    Object.defineProperty(target, 'socket', {
      get: () => {
        if (!up) throw new Error(`session ${sessionId} is not connected`);
        return socket;
      },
    });
    let now = 4_000_000;
    const running = startQueue(sessionId, target, { clock: () => now });
    // Not the message's failure: its attempt is given back.
    const putBack = await waitForRow(sessionId, 'CUT', (r) => r.status === 'queued' && r.error !== null);
    expect(putBack).toMatchObject({ attempts: 0, error: `session ${sessionId} is not connected`, nextAttemptAt: now + 1_000 });

    // Connected again, and its retry is due.
    Object.defineProperty(target, 'connected', { get: () => true });
    up = true;
    now += 1_000;
    running.kick();
    expect(await waitForRow(sessionId, 'CUT', (r) => r.status === 'sent')).toMatchObject({ attempts: 1 });
    expect(target.sent.map((m) => m.messageId)).toEqual(['CUT']);
  });

  it('a hold on the whole session (the daily cap) costs one claim and a few writes, not one of each per waiting chat; new limits release it', async () => {
    const sessionId = await newSession();
    const now = Date.parse('2026-11-02T10:30:00Z');
    await db.insert(sessions).values({ id: sessionId, tokenHash: `hash-${sessionId}`, status: 'CONNECTED' });
    await db.run(sql`insert into send_governors (session_id, settings) values (${sessionId}, ${JSON.stringify({ dailyCap: 1 })})`);
    // Today's one message: the cap of 1 is reached.
    await queueText(sessionId, 'TODAY', '628120000000@s.whatsapp.net', 'this morning', 'sent');
    await db
      .update(messages)
      .set({ sentAt: now - 3_600_000 })
      .where(eq(messages.waMessageId, 'TODAY'));
    const chats = Array.from({ length: 200 }, (_, n) => `62812${String(n + 1).padStart(7, '0')}@s.whatsapp.net`);
    for (const [n, chat] of chats.entries()) await queueText(sessionId, `CAPPED-${n}`, chat, `capped ${n}`);
    const heldBy = async (reason: RegExp) =>
      (
        await db
          .select()
          .from(messages)
          .where(and(eq(messages.sessionId, sessionId), eq(messages.status, 'queued')))
      ).filter((r) => reason.test(r.error ?? '')).length;
    const held = () => heldBy(/^Waiting: The daily cap of 1 messages is reached/);

    const target = fakeTarget();
    const counting = countingDb();
    // A pace turns on one-at-a-time claims: without the remembered hold, a claim and a write per chat.
    const settings = { ...NO_LIMITS, ratePerMinute: 60_000 };
    // Ten thirty on a day of the test's, running on (the pace spaces sends on this clock).
    const started = Date.now();
    const clock = () => now + (Date.now() - started);
    const governor = new SendGovernor(
      sessionId,
      db,
      { settings, pauseWindowMs: 600_000 },
      { socket: () => undefined, wake: () => queue?.release() },
      logger,
      clock,
    );
    startQueue(sessionId, target, { governor, clock, db: counting.db });
    await expect.poll(held, { timeout: 30_000 }).toBe(200);
    // A second look a few idle rounds later: still nothing claimed again.
    const rounds = target.connectedReads;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The start's recovery of crashed sends, the one claimed message put back, the hold marked on the rest.
    expect(counting.seen).toEqual({ claims: 1, writes: 3 });
    expect(target.connectedReads).toBe(rounds);

    // A message queued meanwhile shows the hold too, marked in one write, not claimed.
    await queueText(sessionId, 'LATE', '628129999999@s.whatsapp.net', 'late');
    queue!.kick();
    await expect.poll(held).toBe(201);
    expect(counting.seen).toEqual({ claims: 1, writes: 4 });
    expect(target.sent).toEqual([]);

    // New limits through the API wake the governor: the two oldest go, once, and the cap of 3 holds the rest again.
    await db.run(sql`update send_governors set settings = ${JSON.stringify({ dailyCap: 3 })} where session_id = ${sessionId}`);
    await governor.settingsChanged();
    await expect.poll(() => heldBy(/^Waiting: The daily cap of 3 messages is reached/), { timeout: 30_000 }).toBe(199);
    expect(target.sent.map((m) => m.messageId)).toEqual(['CAPPED-0', 'CAPPED-1']);
    expect(counting.seen).toEqual({ claims: 4, writes: 6 });
  });
});

describe('SendQueue lease fencing', () => {
  /** Loop rounds the queue has done since now: each round reads the connection once. */
  const rounds = async (target: ReturnType<typeof fakeTarget>, n: number) => {
    const until = target.connectedReads + n;
    while (target.connectedReads < until) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it("claims nothing once another host holds the lease, and its in-flight send writes nothing over the new owner's row", async () => {
    const sessionId = await newSession();
    const lease = new SessionLease(db, 'fence-old', 'http://old', 60_000);
    expect(await lease.claim(sessionId)).toBe(true);
    const target = fakeTarget();
    const chat = '628110000080@s.whatsapp.net';
    let release = () => {};
    target.held.set(chat, new Promise<void>((resolve) => (release = resolve)));
    await queueText(sessionId, 'F-IN-FLIGHT', chat, 'in flight when the lease moves');
    startQueue(sessionId, target, { fence: lease.fence(sessionId) });
    await waitForRow(sessionId, 'F-IN-FLIGHT', (r) => r.status === 'sending');

    // Another host takes the lease (this one does not know yet) and queues the message again to resend it.
    await db.update(hostLeases).set({ hostId: 'fence-new', hostUrl: 'http://new' }).where(eq(hostLeases.sessionId, sessionId));
    await db.update(messages).set({ status: 'queued' }).where(eq(messages.waMessageId, 'F-IN-FLIGHT'));
    await queueText(sessionId, 'F-LATER', chat, 'accepted after the move');
    release();
    await rounds(target, 3);

    expect(target.sent.map((m) => m.messageId)).toEqual(['F-IN-FLIGHT']);
    // Its 'sent' did not land: the new owner's row is as the new owner left it, and no status event went out.
    expect(await rowOf(sessionId, 'F-IN-FLIGHT')).toMatchObject({ status: 'queued' });
    expect(await rowOf(sessionId, 'F-LATER')).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await statusEvents(sessionId)).toEqual([]);
  });

  it('stops claiming when its lease runs out by its own clock (a failed renewal, a pause), and sends again once renewed', async () => {
    const sessionId = await newSession();
    let now = Date.now();
    const lease = new SessionLease(db, 'fence-paused', 'http://paused', 1_000, () => now);
    await lease.claim(sessionId);
    const target = fakeTarget();
    const chat = '628110000081@s.whatsapp.net';
    await queueText(sessionId, 'P-1', chat, 'before');
    startQueue(sessionId, target, { fence: lease.fence(sessionId) });
    await waitForRow(sessionId, 'P-1', (r) => r.status === 'sent');

    now += 1_001;
    await queueText(sessionId, 'P-2', chat, 'while the lease is not renewed');
    queue!.kick();
    await rounds(target, 3);
    expect(target.sent.map((m) => m.messageId)).toEqual(['P-1']);
    expect(await rowOf(sessionId, 'P-2')).toMatchObject({ status: 'queued', attempts: 0 });

    expect(await lease.renewAll()).toEqual(new Set([sessionId]));
    queue!.kick();
    await waitForRow(sessionId, 'P-2', (r) => r.status === 'sent');
    expect(target.sent.map((m) => m.messageId)).toEqual(['P-1', 'P-2']);
  });
});
