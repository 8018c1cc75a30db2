import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hostLeases, sessionHosts, sessions } from '../../../shared/src/db/schema.js';
import { HostRegistry } from '../leases/host-registry.js';
import { SessionLease } from '../leases/session-lease.js';
import { type DbFixture, startDb } from '../webhooks/test-helpers.js';
import { SessionManager, type SessionDriver } from './session-manager.js';
import { SessionStatusWriter } from './session-status-writer.js';

const TTL = 10_000;
let fixture: DbFixture;
let now = 1_000_000;
const clock = () => now;

/** What a host's sockets did, with the lease holder at each stop (a handoff must stop before it releases). */
class RecordingDriver implements SessionDriver {
  readonly started: string[] = [];
  readonly stopped: { sessionId: string; holderAtStop: string | undefined }[] = [];
  /** Starts and stops in the order they finished and began. */
  readonly order: string[] = [];
  /** When set, a start finishes only once this resolves (a socket still being set up). */
  gate: Promise<void> | undefined;
  async start(sessionId: string): Promise<void> {
    await this.gate;
    this.started.push(sessionId);
    this.order.push(`started ${sessionId}`);
  }
  async stop(sessionId: string): Promise<void> {
    this.order.push(`stop ${sessionId}`);
    this.stopped.push({ sessionId, holderAtStop: await holderOf(sessionId) });
  }
}

const leaseExpiry = async (sessionId: string) => (await fixture.db.select().from(hostLeases).where(eq(hostLeases.sessionId, sessionId)))[0]?.expiresAt;
const holderOf = async (sessionId: string) => (await fixture.db.select().from(hostLeases).where(eq(hostLeases.sessionId, sessionId)))[0]?.hostId;

function host(hostId: string, overdueMs = 2 * TTL) {
  const driver = new RecordingDriver();
  const { db } = fixture;
  const manager = new SessionManager(
    db,
    new SessionLease(db, hostId, `http://${hostId}`, TTL, clock),
    new HostRegistry(db, hostId, `http://${hostId}`, TTL, clock),
    driver,
    new SessionStatusWriter(db, clock),
    pino({ level: 'silent' }),
    undefined,
    overdueMs,
    clock,
  );
  return { manager, driver };
}

async function addSessions(ids: string[]): Promise<void> {
  for (const id of ids) await fixture.db.insert(sessions).values({ id, tokenHash: `hash-${id}` });
}

beforeAll(async () => {
  fixture = await startDb();
});
afterAll(async () => fixture?.close());
beforeEach(async () => {
  // Each test has its own hosts and sessions; earlier hosts are long gone by its clock.
  now += 10 * TTL;
  await fixture.db.delete(hostLeases);
  await fixture.db.delete(sessionHosts);
  await fixture.db.delete(sessions);
});

describe('SessionManager placement', () => {
  it('hosts that find unowned sessions together each take an even share, none twice', async () => {
    const [a, b] = [host('split-a'), host('split-b')];
    await a.manager.tick();
    await b.manager.tick();
    await addSessions(['s1', 's2', 's3', 's4', 's5', 's6']);
    await a.manager.tick();
    await b.manager.tick();
    expect([...a.manager.ownedSessions].sort()).toEqual(['s1', 's3', 's5']);
    expect([...b.manager.ownedSessions].sort()).toEqual(['s2', 's4', 's6']);
    expect([...a.driver.started, ...b.driver.started].sort()).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
  });

  it('a session left unclaimed by the host it was split to is taken by another once overdue', async () => {
    const a = host('overdue-a', 3 * TTL);
    // A host that announces itself but never claims anything (stuck).
    await new HostRegistry(fixture.db, 'overdue-0', 'http://overdue-0', 100 * TTL, clock).heartbeat();
    await a.manager.tick();
    await addSessions(['o1']);
    await a.manager.tick();
    expect(a.manager.ownedSessions.has('o1')).toBe(false);
    now += 3 * TTL;
    await a.manager.tick();
    expect(a.manager.ownedSessions.has('o1')).toBe(true);
  });
});

describe('SessionManager heartbeat', () => {
  it('keeps renewing its leases while sessions it placed are still starting', async () => {
    const a = host('renew-a');
    await addSessions(['l1', 'l2']);
    let open!: () => void;
    a.driver.gate = new Promise((resolve) => {
      open = resolve;
    });
    a.manager.startHeartbeat(10);
    // Claimed, each start held up (a restart's thousand sessions take minutes to start).
    await expect.poll(() => [...a.manager.ownedSessions].sort()).toEqual(['l1', 'l2']);
    now += TTL / 2;
    await expect.poll(() => leaseExpiry('l1')).toBe(now + TTL);
    expect(await leaseExpiry('l2')).toBe(now + TTL);
    expect(a.driver.started).toEqual([]);
    open();
    await a.manager.close();
    expect(a.driver.started.sort()).toEqual(['l1', 'l2']);
  });
});

describe('SessionManager drain', () => {
  it('hands every session off: each socket stops while the lease is still held, then the lease goes to another host', async () => {
    const [a, b] = [host('drain-a'), host('drain-b')];
    await a.manager.tick();
    await addSessions(['d1', 'd2']);
    await a.manager.tick();
    await b.manager.tick();
    expect([...a.manager.ownedSessions].sort()).toEqual(['d1', 'd2']);

    await fixture.db.update(sessionHosts).set({ draining: true }).where(eq(sessionHosts.hostId, 'drain-a'));
    await a.manager.drain();
    expect(a.manager.ownedSessions.size).toBe(0);
    expect(a.driver.stopped.sort((x, y) => x.sessionId.localeCompare(y.sessionId))).toEqual([
      { sessionId: 'd1', holderAtStop: 'drain-a' },
      { sessionId: 'd2', holderAtStop: 'drain-a' },
    ]);
    // Its status is left as it was (the API keeps queueing sends); the next host reports its own.
    const [row] = await fixture.db.select().from(sessions).where(eq(sessions.id, 'd1'));
    expect(row!.status).toBe('STARTING');

    await b.manager.tick();
    expect([...b.manager.ownedSessions].sort()).toEqual(['d1', 'd2']);
    // The drained host claims nothing back, and refuses a start the edge might still send it.
    await a.manager.tick();
    expect(a.manager.ownedSessions.size).toBe(0);
    await addSessions(['d3']);
    expect(await a.manager.start('d3')).toBe(false);
  });

  it('a drain that comes while a session is still starting stops it only once it has started', async () => {
    const a = host('midstart-a');
    await host('midstart-b').manager.tick();
    await a.manager.tick();
    await addSessions(['m1']);
    let open!: () => void;
    a.driver.gate = new Promise((resolve) => {
      open = resolve;
    });
    const starting = a.manager.start('m1');
    // Claimed and owned, its socket not yet set up.
    await expect.poll(() => a.manager.ownedSessions.has('m1')).toBe(true);
    const drained = a.manager.drain();
    open();
    await Promise.all([starting, drained]);
    expect(a.driver.order).toEqual(['started m1', 'stop m1']);
    expect(a.driver.stopped).toEqual([{ sessionId: 'm1', holderAtStop: 'midstart-a' }]);
    expect(await holderOf('m1')).toBeUndefined();
  });

  it('a host restarted while drained lets its leftover leases go instead of resuming them, and takes sessions again once undrained', async () => {
    const a = host('restart-a');
    await a.manager.tick();
    await addSessions(['r1']);
    await a.manager.tick();
    expect(await holderOf('r1')).toBe('restart-a');
    await fixture.db.update(sessionHosts).set({ draining: true }).where(eq(sessionHosts.hostId, 'restart-a'));

    // The same host id after a kill -9: its lease on r1 is still there.
    const again = host('restart-a');
    await again.manager.tick();
    expect(again.driver.started).toEqual([]);
    expect(await holderOf('r1')).toBeUndefined();
    expect(again.manager.isDraining).toBe(true);

    await fixture.db.update(sessionHosts).set({ draining: false }).where(eq(sessionHosts.hostId, 'restart-a'));
    await again.manager.tick();
    expect(again.manager.isDraining).toBe(false);
    expect(again.driver.started).toEqual(['r1']);
  });
});
