import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as t from '../../../shared/src/db/schema.js';
import { startDb, type DbFixture } from '../webhooks/test-helpers.js';
import { receivedCountStatement } from './message-counts.js';
import { runBatch } from '../db/statements.js';
import { advanceStatusStatements } from './message-status.js';

const HOUR = 3600_000;
const T0 = Date.UTC(2030, 0, 31, 12, 0, 10);

let fx: DbFixture;
beforeAll(async () => {
  fx = await startDb();
});
afterAll(async () => fx?.close());
beforeEach(async () => {
  await fx.db.delete(t.messages);
  await fx.db.delete(t.messageCounts);
});

async function queue(waMessageId: string) {
  await fx.db
    .insert(t.messages)
    .values({ sessionId: 's1', waMessageId, direction: 'out', remoteJid: '628111@s.whatsapp.net', type: 'text', payload: '{}', status: 'sending' });
}

async function advance(waMessageId: string, status: 'sent' | 'delivered' | 'read' | 'failed', now: number) {
  const [first, ...rest] = advanceStatusStatements(fx.db, 's1', waMessageId, '628111@s.whatsapp.net', status, now);
  await fx.db.batch([first, ...rest]);
}

const counts = async () =>
  (await fx.db.select().from(t.messageCounts).orderBy(asc(t.messageCounts.granularity), asc(t.messageCounts.bucketStart))).map(
    ({ granularity, bucketStart, sent, delivered, read, failed, received }) => ({
      granularity,
      at: bucketStart - T0 + 10_000,
      sent,
      delivered,
      read,
      failed,
      received,
    }),
  );

describe('message counts', () => {
  it('counts each status once, in the minute and hour it was reached; repeats and late receipts count nothing', async () => {
    await queue('a');
    await queue('b');
    await advance('a', 'sent', T0);
    await advance('a', 'sent', T0 + 1000); // a repeated ack
    await advance('b', 'sent', T0 + 2000);
    await advance('a', 'delivered', T0 + 60_000);
    await advance('a', 'read', T0 + HOUR);
    await advance('a', 'delivered', T0 + HOUR + 1000); // a receipt arriving after the read one
    // b is read without a delivery receipt first: it was delivered too
    await advance('b', 'read', T0 + HOUR + 2000);
    expect(await counts()).toEqual([
      { granularity: 'hour', at: 0, sent: 2, delivered: 1, read: 0, failed: 0, received: 0 },
      { granularity: 'hour', at: HOUR, sent: 0, delivered: 1, read: 2, failed: 0, received: 0 },
      { granularity: 'minute', at: 0, sent: 2, delivered: 0, read: 0, failed: 0, received: 0 },
      { granularity: 'minute', at: 60_000, sent: 0, delivered: 1, read: 0, failed: 0, received: 0 },
      { granularity: 'minute', at: HOUR, sent: 0, delivered: 1, read: 2, failed: 0, received: 0 },
    ]);
  });

  it('a send requeued after its ack is not counted as sent twice; a failure counts as failed; a received message counts once', async () => {
    await queue('c');
    await queue('d');
    await advance('c', 'sent', T0);
    // a dropped connection's requeue (baileys-driver.ts) moves it back; sent_at stays
    await fx.db.update(t.messages).set({ status: 'queued' });
    await advance('c', 'sent', T0 + 5000);
    await advance('d', 'failed', T0 + 6000);
    // counted after the insert that stored it; the same message again (insert did nothing) is not
    const received = () =>
      runBatch(fx.db, [
        fx.db
          .insert(t.messages)
          .values({
            sessionId: 's1',
            waMessageId: 'in1',
            direction: 'in',
            remoteJid: '628111@s.whatsapp.net',
            type: 'conversation',
            payload: '{}',
            status: 'received',
          })
          .onConflictDoNothing(),
        receivedCountStatement('s1', T0 + 7000),
      ]);
    await received();
    await received();
    expect(await counts()).toEqual([
      { granularity: 'hour', at: 0, sent: 1, delivered: 0, read: 0, failed: 1, received: 1 },
      { granularity: 'minute', at: 0, sent: 1, delivered: 0, read: 0, failed: 1, received: 1 },
    ]);
  });
});
