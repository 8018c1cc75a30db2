// A host's status writes against a real libSQL database: once another host holds a live lease on
// the session, what this host reports (it lost the session and does not know yet) changes nothing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostLeases, sessionEvents, sessions } from '../../../shared/src/db/schema.js';
import { startDb, type DbFixture } from '../webhooks/test-helpers.js';
import { SessionStatusWriter } from './session-status-writer.js';

let fx: DbFixture;
beforeAll(async () => {
  fx = await startDb();
});
afterAll(async () => fx?.close());

const now = Date.UTC(2030, 0, 1);
const rowOf = async (id: string) => (await fx.db.select().from(sessions).where(eq(sessions.id, id)))[0]!;
const eventsOf = async (id: string) =>
  (await fx.db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, id))).map((e) => JSON.parse(e.body).data.detail);

describe('SessionStatusWriter with a host id', () => {
  it("writes while no other host holds a live lease, and leaves the new owner's row and events alone once one does", async () => {
    const id = 'fenced-status';
    await fx.db.insert(sessions).values({ id, tokenHash: `hash-${id}` });
    const old = new SessionStatusWriter(fx.db, () => now, 'old-host');
    await fx.db.insert(hostLeases).values({ sessionId: id, hostId: 'old-host', hostUrl: 'http://old', expiresAt: now + 10_000, heartbeatAt: now });
    await old.set(id, 'CONNECTED', 'Connected as Shop');
    expect(await rowOf(id)).toMatchObject({ status: 'CONNECTED', detail: 'Connected as Shop' });

    // The lease went to another host, which reports its own state.
    await fx.db.update(hostLeases).set({ hostId: 'new-host', hostUrl: 'http://new' }).where(eq(hostLeases.sessionId, id));
    await new SessionStatusWriter(fx.db, () => now, 'new-host').set(id, 'CONNECTED', 'Connected as Shop (new host)');
    await old.set(id, 'DISCONNECTED', 'Another client replaced this connection (440).');
    await old.set(id, 'DISCONNECTED', 'Reconnecting', null, { event: false });
    expect(await rowOf(id)).toMatchObject({ status: 'CONNECTED', detail: 'Connected as Shop (new host)' });
    expect(await eventsOf(id)).toEqual(['Connected as Shop', 'Connected as Shop (new host)']);

    // The new owner's lease ran out without a renewal: nobody holds the session, anyone may report.
    await fx.db
      .update(hostLeases)
      .set({ expiresAt: now - 1 })
      .where(eq(hostLeases.sessionId, id));
    await old.set(id, 'DISCONNECTED', 'The session host stopped.');
    expect(await rowOf(id)).toMatchObject({ status: 'DISCONNECTED', detail: 'The session host stopped.' });
  });
});
