import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, hostLeases, sessionHosts } from '../../../../shared/src/db/schema.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

const now = Date.UTC(2030, 0, 1);
let edge: UnitEdge;
beforeAll(async () => {
  edge = await startUnitEdge({ clock: () => now });
});
afterAll(async () => edge?.close());
beforeEach(async () => {
  await edge.db.delete(sessionHosts);
  await edge.db.delete(hostLeases);
});

const master = () => ({ 'x-master-key': edge.masterKey });
/** A host row as its heartbeat writes it; `expiresIn` < 0: it stopped heartbeating. */
const addHost = (hostId: string, options: { expiresIn?: number; draining?: boolean; lag?: number } = {}) =>
  edge.db.insert(sessionHosts).values({
    hostId,
    hostUrl: `http://${hostId}.internal:3001`,
    heartbeatAt: now - 1_000,
    expiresAt: now + (options.expiresIn ?? 10_000),
    draining: options.draining ?? false,
    eventLoopLagMs: options.lag ?? 0,
  });
const addLease = (sessionId: string, hostId: string, expiresIn = 10_000) =>
  edge.db.insert(hostLeases).values({ sessionId, hostId, hostUrl: `http://${hostId}.internal:3001`, expiresAt: now + expiresIn, heartbeatAt: now });

describe('GET /hosts', () => {
  it('lists every host with whether it is live and draining, and the sessions it holds a live lease on', async () => {
    await addHost('h-1', { lag: 12 });
    await addHost('h-2', { draining: true });
    await addHost('h-dead', { expiresIn: -1 });
    await addLease('s-1', 'h-1');
    await addLease('s-2', 'h-1');
    await addLease('s-3', 'h-2');
    // An expired lease is not load: its session is up for takeover.
    await addLease('s-4', 'h-2', -1);
    const res = await edge.json('GET', '/api/v1/hosts', { headers: master() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'success',
      hosts: [
        {
          hostId: 'h-1',
          url: 'http://h-1.internal:3001',
          live: true,
          draining: false,
          sessions: 2,
          eventLoopLagMs: 12,
          lastHeartbeatAt: new Date(now - 1_000).toISOString(),
        },
        {
          hostId: 'h-2',
          url: 'http://h-2.internal:3001',
          live: true,
          draining: true,
          sessions: 1,
          eventLoopLagMs: 0,
          lastHeartbeatAt: new Date(now - 1_000).toISOString(),
        },
        {
          hostId: 'h-dead',
          url: 'http://h-dead.internal:3001',
          live: false,
          draining: false,
          sessions: 0,
          eventLoopLagMs: 0,
          lastHeartbeatAt: new Date(now - 1_000).toISOString(),
        },
      ],
    });
  });
});

describe('POST /hosts/{hostId}/drain', () => {
  it('sets the drain flag, tells the live host at once, answers 202, and is audited', async () => {
    await addHost('d-1');
    await addHost('d-2');
    await addLease('s-d', 'd-1');
    const before = edge.hosts.calls.length;
    const res = await edge.json('POST', '/api/v1/hosts/d-1/drain', { headers: master() });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'success', host: { hostId: 'd-1', draining: true, sessions: 1 } });
    expect(res.body.message).toBe('Session host d-1 is handing 0 sessions to other hosts.');
    expect(edge.hosts.calls.slice(before)).toEqual([{ call: 'drainHost', hostId: 'd-1' }]);
    const [row] = await edge.db.select().from(sessionHosts).where(eq(sessionHosts.hostId, 'd-1'));
    expect(row!.draining).toBe(true);
    const [entry] = await edge.db.select().from(auditLog).where(eq(auditLog.action, 'host.drain'));
    expect(entry).toMatchObject({ actor: 'master', target: 'd-1', status: 202 });
  });

  it('drains a host that stopped heartbeating without calling it: its leases expire and are taken over', async () => {
    await addHost('gone', { expiresIn: -1 });
    await addHost('alive');
    const before = edge.hosts.calls.length;
    const res = await edge.json('POST', '/api/v1/hosts/gone/drain', { headers: master() });
    expect(res.status).toBe(202);
    expect(res.body.message).toMatch(/it is not live/);
    expect(edge.hosts.calls.slice(before)).toEqual([]);
  });

  it('refuses with 409 when no other live host that takes sessions is there, and changes nothing', async () => {
    await addHost('only');
    await addHost('other-draining', { draining: true });
    await addHost('other-dead', { expiresIn: -1 });
    const res = await edge.json('POST', '/api/v1/hosts/only/drain', { headers: master() });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: 'error', message: 'No other live session host could take the sessions of only; start one first.' });
    const [row] = await edge.db.select().from(sessionHosts).where(eq(sessionHosts.hostId, 'only'));
    expect(row!.draining).toBe(false);
  });

  it('answers 404 for a host that never heartbeated and 400 naming hostId for one no HOST_ID can be', async () => {
    const unknown = await edge.json('POST', '/api/v1/hosts/nobody/drain', { headers: master() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Session host nobody not found.');
    const bad = await edge.json('POST', `/api/v1/hosts/${encodeURIComponent('a b')}/drain`, { headers: master() });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.details)).toMatch(/hostId/);
  });
});

describe('POST /hosts/{hostId}/undrain', () => {
  it('clears the drain flag (audited), and answers 404 for an unknown host', async () => {
    await addHost('u-1', { draining: true });
    const res = await edge.json('POST', '/api/v1/hosts/u-1/undrain', { headers: master() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'success', message: 'Session host u-1 takes sessions again.', host: { hostId: 'u-1', draining: false } });
    const [row] = await edge.db.select().from(sessionHosts).where(eq(sessionHosts.hostId, 'u-1'));
    expect(row!.draining).toBe(false);
    const [entry] = await edge.db.select().from(auditLog).where(eq(auditLog.action, 'host.undrain'));
    expect(entry).toMatchObject({ actor: 'master', target: 'u-1', status: 200 });
    expect((await edge.json('POST', '/api/v1/hosts/nobody/undrain', { headers: master() })).status).toBe(404);
  });
});
