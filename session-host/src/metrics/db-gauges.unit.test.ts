// The gauges read at scrape time, against real libSQL: only sessions this host holds a live lease
// on count, and a database that does not answer shows as wa_metrics_database_up 0.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../shared/src/db/schema.js';
import { startDb, type DbFixture } from '../webhooks/test-helpers.js';
import { DbGauges } from './db-gauges.js';
import { HostMetrics } from './host-metrics.js';

const NOW = 1_800_000_000_000;
let fx: DbFixture;

beforeAll(async () => {
  fx = await startDb();
  const lease = (sessionId: string, hostId: string, expiresAt: number) => ({ sessionId, hostId, hostUrl: 'http://h', expiresAt, heartbeatAt: NOW });
  await fx.db.insert(t.sessions).values([
    { id: 'mine-1', tokenHash: 'g1', status: 'CONNECTED' },
    { id: 'mine-2', tokenHash: 'g2', status: 'QR' },
    { id: 'theirs', tokenHash: 'g3', status: 'CONNECTED' },
    { id: 'expired', tokenHash: 'g4', status: 'CONNECTED' },
  ]);
  await fx.db
    .insert(t.hostLeases)
    .values([
      lease('mine-1', 'me', NOW + 10_000),
      lease('mine-2', 'me', NOW + 10_000),
      lease('theirs', 'other', NOW + 10_000),
      lease('expired', 'me', NOW - 1),
    ]);
  const message = (sessionId: string, id: string, status: string, createdAt: number, direction: 'out' | 'in' = 'out') => ({
    sessionId,
    waMessageId: id,
    direction,
    remoteJid: 'x@s.whatsapp.net',
    type: 'text',
    payload: '{}',
    status,
    createdAt,
  });
  await fx.db
    .insert(t.messages)
    .values([
      message('mine-1', 'q1', 'queued', NOW - 90_000),
      message('mine-1', 'q2', 'sending', NOW - 5_000),
      message('mine-2', 'q3', 'queued', NOW - 30_000),
      message('mine-1', 'done', 'read', NOW - 999_000),
      message('mine-1', 'in', 'received', NOW - 999_000, 'in'),
      message('theirs', 'q4', 'queued', NOW - 500_000),
      message('expired', 'q5', 'queued', NOW - 500_000),
    ]);
  const event = (sessionId: string, eventId: string, status: 'pending' | 'delivered' | 'dead') => ({
    sessionId,
    eventId,
    event: 'message.received',
    body: '{}',
    status,
  });
  await fx.db
    .insert(t.webhookOutbox)
    .values([
      event('mine-1', 'e1', 'pending'),
      event('mine-2', 'e2', 'pending'),
      event('mine-1', 'e3', 'dead'),
      event('mine-1', 'e4', 'delivered'),
      event('theirs', 'e5', 'pending'),
    ]);
  const campaign = (id: string, sessionId: string, status: string) => ({ id, sessionId, name: id, status, message: '{}', settings: '{}' });
  await fx.db
    .insert(t.campaigns)
    .values([campaign('c-run', 'mine-1', 'running'), campaign('c-done', 'mine-1', 'completed'), campaign('c-theirs', 'theirs', 'running')]);
  const recipient = (campaignId: string, position: number, status: 'pending' | 'sending' | 'sent' | 'failed') => ({
    campaignId,
    position,
    number: `62812000000${position}`,
    status,
  });
  await fx.db
    .insert(t.campaignRecipients)
    .values([
      recipient('c-run', 1, 'sent'),
      recipient('c-run', 2, 'sent'),
      recipient('c-run', 3, 'pending'),
      recipient('c-done', 1, 'failed'),
      recipient('c-theirs', 1, 'pending'),
    ]);
});
afterAll(async () => fx?.close());

const valuesOf = async (gauge: { get(): Promise<{ values: { labels: Record<string, string | number>; value: number }[] }> }) =>
  Object.fromEntries((await gauge.get()).values.map((v) => [String(v.labels.status ?? ''), v.value]));

describe('DbGauges', () => {
  it("counts only this host's live sessions: statuses, queue depth and oldest age, webhook backlog and dead, active campaigns' recipients", async () => {
    const metrics = new HostMetrics();
    await new DbGauges(fx.db, 'me', metrics, pino({ level: 'silent' }), () => NOW).refresh();
    expect(await valuesOf(metrics.sessions)).toEqual({ STARTING: 0, QR: 1, CONNECTING: 0, CONNECTED: 1, DISCONNECTED: 0, LOGGED_OUT: 0, BANNED: 0 });
    expect(await valuesOf(metrics.sendQueueDepth)).toEqual({ '': 3 });
    expect(await valuesOf(metrics.sendQueueOldestAge)).toEqual({ '': 90 });
    expect(await valuesOf(metrics.webhookBacklog)).toEqual({ '': 2 });
    expect(await valuesOf(metrics.webhookDead)).toEqual({ '': 1 });
    expect(await valuesOf(metrics.campaignRecipients)).toEqual({ pending: 1, sending: 0, sent: 2, failed: 0 });
    expect(await valuesOf(metrics.databaseScrapeUp)).toEqual({ '': 1 });
  });

  it('keeps the last values and says wa_metrics_database_up 0 while the database does not answer', async () => {
    const metrics = new HostMetrics();
    const gauges = new DbGauges(fx.db, 'me', metrics, pino({ level: 'silent' }), () => NOW);
    await gauges.refresh();
    await fx.stop();
    try {
      await gauges.refresh();
      expect(await valuesOf(metrics.databaseScrapeUp)).toEqual({ '': 0 });
      expect(await valuesOf(metrics.sendQueueDepth)).toEqual({ '': 3 });
    } finally {
      await fx.restart();
    }
  });
});
