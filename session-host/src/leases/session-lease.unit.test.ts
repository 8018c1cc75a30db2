import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostLeases, sessions } from '../../../shared/src/db/schema.js';
import { type DbFixture, startDb } from '../webhooks/test-helpers.js';
import { SessionLease } from './session-lease.js';

const TTL = 15_000;
let fixture: DbFixture;
let now = 1_000_000;
const clock = () => now;
const leaseOf = (hostId: string) => new SessionLease(fixture.db, hostId, `http://${hostId}`, TTL, clock);
const owner = async (sessionId: string) => (await fixture.db.select().from(hostLeases).where(eq(hostLeases.sessionId, sessionId)))[0];

beforeAll(async () => {
  fixture = await startDb();
});
afterAll(async () => fixture?.close());

describe('SessionLease', () => {
  it('gives a free session to the first host that claims it, and not to another while the lease runs', async () => {
    const [a, b] = [leaseOf('host-a'), leaseOf('host-b')];
    expect(await a.claim('s-free')).toBe(true);
    expect(await b.claim('s-free')).toBe(false);
    expect(await a.claim('s-free')).toBe(true);
    expect(await owner('s-free')).toMatchObject({ hostId: 'host-a', hostUrl: 'http://host-a', expiresAt: now + TTL });
  });

  it('lets another host take a session only once the lease has expired without renewal', async () => {
    const [a, b] = [leaseOf('host-a'), leaseOf('host-b')];
    await a.claim('s-expiring');
    now += TTL - 1;
    expect(await b.claim('s-expiring')).toBe(false);
    now += 2;
    expect(await b.claim('s-expiring')).toBe(true);
    expect((await owner('s-expiring'))?.hostId).toBe('host-b');
    // The old owner learns at its next heartbeat that the session is no longer its own.
    expect((await a.renewAll()).has('s-expiring')).toBe(false);
  });

  it('renewal keeps every lease of the host alive past its first expiry', async () => {
    const [a, b] = [leaseOf('host-r'), leaseOf('host-other')];
    await a.claim('s-renewed-1');
    await a.claim('s-renewed-2');
    now += TTL - 1000;
    expect([...(await a.renewAll())].sort()).toEqual(['s-renewed-1', 's-renewed-2']);
    now += 2000;
    expect(await b.claim('s-renewed-1')).toBe(false);
  });

  it('releases only its own lease; orphans are sessions with no live owner', async () => {
    const [a, b] = [leaseOf('host-x'), leaseOf('host-y')];
    await fixture.db.insert(sessions).values([
      { id: 'o-owned', tokenHash: 'h-o1' },
      { id: 'o-free', tokenHash: 'h-o2' },
      { id: 'o-released', tokenHash: 'h-o3' },
    ]);
    await a.claim('o-owned');
    await a.claim('o-released');
    await b.release('o-owned');
    expect((await owner('o-owned'))?.hostId).toBe('host-x');
    await a.release('o-released');
    const orphans = await a.orphans();
    expect(orphans).toEqual(
      expect.arrayContaining([
        { sessionId: 'o-free', fromDeadHost: false },
        { sessionId: 'o-released', fromDeadHost: false },
      ]),
    );
    expect(orphans.map((o) => o.sessionId)).not.toContain('o-owned');
    now += TTL + 1;
    // Expired: host-y would take it over from host-x; host-x only resumes its own.
    expect(await b.orphans()).toContainEqual({ sessionId: 'o-owned', fromDeadHost: true });
    expect(await a.orphans()).toContainEqual({ sessionId: 'o-owned', fromDeadHost: false });
  });
});
