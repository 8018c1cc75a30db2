import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as t from '../../../shared/src/db/schema.js';
import { createHostDb, type HostDb } from '../db/client.js';
import { DB_TOKEN, startDb, type DbFixture } from '../webhooks/test-helpers.js';
import { CoalescedWrites } from './coalesced-writes.js';

let fx: DbFixture;
/** The same database through a client that counts its round trips. */
let db: HostDb;
let roundTrips = 0;

beforeAll(async () => {
  fx = await startDb();
  db = createHostDb(fx.server.url, DB_TOKEN, (input, init) => {
    roundTrips++;
    return fetch(input, init);
  });
});
afterAll(async () => {
  db?.$client.close();
  await fx?.close();
});
beforeEach(async () => {
  await fx.db.delete(t.sessionEvents);
});

const event = (seq: number) =>
  db.insert(t.sessionEvents).values({ sessionId: 's1', seq, eventId: `e${seq}`, event: 'message.received', body: '{}', createdAt: 1 });
const stored = async () => (await fx.db.select({ seq: t.sessionEvents.seq }).from(t.sessionEvents).orderBy(t.sessionEvents.id)).map((r) => r.seq);

describe('CoalescedWrites', () => {
  it('writes the first unit at once and those added meanwhile together, in the order added', async () => {
    const writes = new CoalescedWrites(db);
    roundTrips = 0;
    const done = [1, 2, 3, 4, 5].map((seq) => writes.write([event(seq)]));
    await Promise.all(done);
    expect(await stored()).toEqual([1, 2, 3, 4, 5]);
    // the first alone, the four added while it was in flight in one batch
    expect(roundTrips).toBe(2);
  });

  it('a unit that cannot be written fails alone: the others of its batch are written', async () => {
    const writes = new CoalescedWrites(db);
    const first = writes.write([event(1)]);
    const results = await Promise.allSettled([
      writes.write([event(2), event(3)]),
      writes.write([event(4), event(2)]), // seq 2 again: the unique (session, seq) index refuses the unit
      writes.write([event(5)]),
    ]);
    await first;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // the refused unit wrote nothing of itself (its seq 4 is not there either)
    expect(await stored()).toEqual([1, 2, 3, 5]);
  });

  it('idle() waits for everything added so far', async () => {
    const writes = new CoalescedWrites(db);
    for (let seq = 1; seq <= 20; seq++) void writes.write([event(seq)]);
    await writes.idle();
    const [row] = await fx.db.select({ n: sql<number>`count(*)` }).from(t.sessionEvents).where(eq(t.sessionEvents.sessionId, 's1'));
    expect(row?.n).toBe(20);
  });

  it('a batch is cut at maxStatements, never inside a unit', async () => {
    const writes = new CoalescedWrites(db, 3);
    roundTrips = 0;
    await Promise.all([writes.write([event(1)]), writes.write([event(2), event(3)]), writes.write([event(4), event(5)]), writes.write([event(6)])]);
    expect(await stored()).toEqual([1, 2, 3, 4, 5, 6]);
    // [1] at once; then [2,3] (4,5 would pass 3 statements); then [4,5,6]
    expect(roundTrips).toBe(3);
  });
});
