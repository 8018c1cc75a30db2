import { asc } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as t from '../../../shared/src/db/schema.js';
import { memoryLogger, startDb, waitFor, type DbFixture } from '../webhooks/test-helpers.js';
import { RetentionJob, type RetentionSettings } from './retention-job.js';

const DAY = 24 * 60 * 60_000;
const NOW = Date.UTC(2030, 0, 31, 12);
const SETTINGS: RetentionSettings = {
  rateLimitsMs: DAY,
  idempotencyKeysMs: DAY,
  messagePayloadsMs: 30 * DAY,
  deliveredWebhookEventsMs: 7 * DAY,
  deadWebhookEventsMs: 30 * DAY,
  auditLogMs: 180 * DAY,
  sessionEventsMs: DAY,
  minuteCountsMs: 2 * DAY,
  intervalMs: 0,
  batchSize: 2, // small, so every step needs several batches
};

let fx: DbFixture;
beforeAll(async () => {
  fx = await startDb();
});
afterAll(async () => fx?.close());
beforeEach(async () => {
  for (const table of [t.rateLimits, t.idempotencyKeys, t.messages, t.polls, t.webhookOutbox, t.auditLog, t.sessionEvents, t.messageCounts])
    await fx.db.delete(table);
});

async function seed() {
  const ago = (ms: number) => NOW - ms;
  await fx.db
    .insert(t.rateLimits)
    .values([
      ...[1, 2, 3, 4, 5].map((i) => ({ key: `old-${i}`, windowStart: ago(2 * DAY), count: 3 })),
      { key: 'current', windowStart: ago(60_000), count: 1 },
    ]);
  await fx.db
    .insert(t.idempotencyKeys)
    .values([
      ...[1, 2, 3].map((i) => ({ sessionId: 's1', key: `old-${i}`, requestHash: 'h', response: '{"status":"success"}', createdAt: ago(25 * 3600_000) })),
      { sessionId: 's1', key: 'recent', requestHash: 'h', response: '{"status":"success"}', createdAt: ago(3600_000) },
    ]);
  const message = (waMessageId: string, status: string, age: number, direction: 'in' | 'out' = 'out') => ({
    sessionId: 's1',
    waMessageId,
    direction,
    remoteJid: '628111@s.whatsapp.net',
    type: 'text',
    payload: JSON.stringify({ text: `secret ${waMessageId}` }),
    status,
    createdAt: ago(age),
    updatedAt: ago(age),
  });
  await fx.db
    .insert(t.messages)
    .values([
      message('old-delivered', 'delivered', 31 * DAY),
      message('old-failed', 'failed', 40 * DAY),
      message('old-received', 'received', 31 * DAY, 'in'),
      message('old-queued', 'queued', 31 * DAY),
      message('old-sending', 'sending', 31 * DAY),
      message('recent-read', 'read', 29 * DAY),
    ]);
  const poll = (waMessageId: string, age: number) => ({
    sessionId: 's1',
    waMessageId,
    creatorJids: '[]',
    secret: 'c2VjcmV0',
    question: 'q',
    options: '[]',
    createdAt: ago(age),
  });
  await fx.db.insert(t.polls).values([poll('old-poll', 31 * DAY), poll('recent-poll', 29 * DAY)]);
  const event = (eventId: string, status: 'pending' | 'delivered' | 'dead', age: number) => ({
    sessionId: 's1',
    eventId,
    event: 'message.received',
    body: `{"id":"${eventId}"}`,
    status,
    createdAt: ago(age),
  });
  await fx.db
    .insert(t.webhookOutbox)
    .values([
      event('delivered-old-1', 'delivered', 8 * DAY),
      event('delivered-old-2', 'delivered', 9 * DAY),
      event('delivered-old-3', 'delivered', 20 * DAY),
      event('delivered-recent', 'delivered', 6 * DAY),
      event('dead-old', 'dead', 31 * DAY),
      event('dead-recent', 'dead', 10 * DAY),
      event('pending-ancient', 'pending', 365 * DAY),
    ]);
  const entry = (target: string, age: number) => ({ at: ago(age), actor: 'master', action: 'session.create', target, status: 201, address: '203.0.113.5' });
  await fx.db
    .insert(t.auditLog)
    .values([entry('audit-old-1', 181 * DAY), entry('audit-old-2', 400 * DAY), entry('audit-old-3', 200 * DAY), entry('audit-recent', 179 * DAY)]);
  const logged = (sessionId: string, seq: number, age: number) => ({
    sessionId,
    seq,
    eventId: `${sessionId}-${seq}`,
    event: 'message.received',
    body: '{}',
    createdAt: ago(age),
  });
  // s1: two old events and a recent one; s2: only old ones, of which the newest stays (seq goes on from it)
  await fx.db
    .insert(t.sessionEvents)
    .values([logged('s1', 1, 3 * DAY), logged('s1', 2, 2 * DAY), logged('s1', 3, 3600_000), logged('s2', 7, 5 * DAY), logged('s2', 8, 4 * DAY)]);
  // per-minute counts go after two days, hourly ones stay
  const counted = (granularity: 'minute' | 'hour', age: number) => ({ sessionId: 's1', granularity, bucketStart: ago(age), sent: 1 });
  await fx.db
    .insert(t.messageCounts)
    .values([counted('minute', 3 * DAY), counted('minute', 2 * DAY + 60_000), counted('minute', 47 * 3600_000), counted('hour', 3 * DAY)]);
}

describe('RetentionJob', () => {
  it('removes old rows, clears old settled message contents, keeps recent rows and every pending event, and logs what it did', async () => {
    await seed();
    const { logger, lines } = memoryLogger();
    const removed = await new RetentionJob(fx.db, SETTINGS, logger, () => NOW).runOnce();
    expect(removed).toEqual({
      rateLimits: 5,
      idempotencyKeys: 3,
      messagePayloads: 3,
      polls: 1,
      deliveredWebhookEvents: 3,
      deadWebhookEvents: 1,
      sessionEvents: 3,
      minuteCounts: 2,
      auditLog: 3,
    });
    expect((await fx.db.select().from(t.messageCounts)).map((r) => [r.granularity, NOW - r.bucketStart])).toEqual([
      ['minute', 47 * 3600_000],
      ['hour', 3 * DAY],
    ]);
    expect((await fx.db.select().from(t.sessionEvents).orderBy(asc(t.sessionEvents.id))).map((e) => e.eventId)).toEqual(['s1-3', 's2-8']);
    expect((await fx.db.select().from(t.auditLog)).map((e) => e.target)).toEqual(['audit-recent']);
    expect((await fx.db.select().from(t.polls)).map((p) => p.waMessageId)).toEqual(['recent-poll']);

    expect((await fx.db.select().from(t.rateLimits)).map((r) => r.key)).toEqual(['current']);
    expect((await fx.db.select().from(t.idempotencyKeys)).map((r) => r.key)).toEqual(['recent']);
    const messages = await fx.db.select().from(t.messages).orderBy(asc(t.messages.id));
    expect(messages.map((m) => [m.waMessageId, m.status, m.payload])).toEqual([
      ['old-delivered', 'delivered', '{}'],
      ['old-failed', 'failed', '{}'],
      ['old-received', 'received', '{}'],
      ['old-queued', 'queued', '{"text":"secret old-queued"}'],
      ['old-sending', 'sending', '{"text":"secret old-sending"}'],
      ['recent-read', 'read', '{"text":"secret recent-read"}'],
    ]);
    expect((await fx.db.select().from(t.webhookOutbox).orderBy(asc(t.webhookOutbox.id))).map((e) => e.eventId)).toEqual([
      'delivered-recent',
      'dead-recent',
      'pending-ancient',
    ]);
    expect(lines.filter((l) => l.msg === 'retention: old data removed')).toEqual([expect.objectContaining({ level: 30, removed })]);
  });

  it('a second run finds nothing and logs nothing', async () => {
    await seed();
    await new RetentionJob(fx.db, SETTINGS, pino({ level: 'silent' }), () => NOW).runOnce();
    const { logger, lines } = memoryLogger();
    expect(await new RetentionJob(fx.db, SETTINGS, logger, () => NOW).runOnce()).toEqual({
      rateLimits: 0,
      idempotencyKeys: 0,
      messagePayloads: 0,
      polls: 0,
      deliveredWebhookEvents: 0,
      deadWebhookEvents: 0,
      auditLog: 0,
      sessionEvents: 0,
      minuteCounts: 0,
    });
    expect(lines).toEqual([]);
  });

  it('a setting of 0 keeps that kind of data forever', async () => {
    await seed();
    const keepAll = {
      ...SETTINGS,
      rateLimitsMs: 0,
      idempotencyKeysMs: 0,
      messagePayloadsMs: 0,
      deliveredWebhookEventsMs: 0,
      deadWebhookEventsMs: 0,
      auditLogMs: 0,
      sessionEventsMs: 0,
      minuteCountsMs: 0,
    };
    expect(await new RetentionJob(fx.db, keepAll, pino({ level: 'silent' }), () => NOW).runOnce()).toEqual({});
    expect(await fx.db.select().from(t.rateLimits)).toHaveLength(6);
  });

  it('once started, runs by itself every interval', async () => {
    await fx.db.insert(t.rateLimits).values({ key: 'old', windowStart: Date.now() - 2 * DAY, count: 1 });
    const job = new RetentionJob(fx.db, { ...SETTINGS, intervalMs: 50 }, pino({ level: 'silent' }));
    job.start();
    await waitFor(async () => (await fx.db.select().from(t.rateLimits)).length === 0, 'the periodic cleanup');
    await job.close();
  });
});
