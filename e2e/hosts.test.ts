// Several session hosts as child processes against one database: new sessions go to the least
// loaded live host, and draining a host mid-send moves its sessions to the others without a QR,
// each message decrypted by its contact exactly once and in each chat's order.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as t from '../shared/src/db/schema.js';
import { startChildGateway, type ChildGateway } from '../test-support/child-gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

type HostView = { hostId: string; url: string; live: boolean; draining: boolean; sessions: number; eventLoopLagMs: number; lastHeartbeatAt: string };

const listHosts = async (gw: ChildGateway): Promise<HostView[]> => {
  const res = await gw.json<{ hosts: HostView[] }>('GET', '/api/v1/hosts', { headers: { 'x-master-key': gw.masterKey } });
  expect(res.status).toBe(200);
  return res.body.hosts;
};

const waitForHosts = async (gw: ChildGateway, pred: (hosts: HostView[]) => boolean): Promise<HostView[]> => {
  for (;;) {
    const hosts = await listHosts(gw);
    if (pred(hosts)) return hosts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const liveIds = (hosts: HostView[]) =>
  hosts
    .filter((h) => h.live)
    .map((h) => h.hostId)
    .sort();

/** Starts the hosts and waits until each has announced itself. */
async function startHosts(gw: ChildGateway, ids: string[]): Promise<void> {
  for (const hostId of ids) await gw.startHost({ hostId });
  await waitForHosts(gw, (hosts) => ids.every((id) => liveIds(hosts).includes(id)));
}

const holderOf = async (gw: ChildGateway, sessionId: string) =>
  (await gw.db.select().from(t.hostLeases).where(eq(t.hostLeases.sessionId, sessionId)))[0]?.hostId;

describe('session hosts share the work', () => {
  it('two hosts: new sessions are spread evenly, and GET /hosts shows each with its load', async () => {
    const gw = await startChildGateway({ LEASE_TTL_MS: '10000' });
    try {
      await startHosts(gw, ['spread-a', 'spread-b']);
      const ids = ['spread-1', 'spread-2', 'spread-3', 'spread-4', 'spread-5', 'spread-6'];
      for (const id of ids) await gw.createSession(id);
      const holders = await Promise.all(ids.map((id) => holderOf(gw, id)));
      expect(holders.filter((h) => h === 'spread-a')).toHaveLength(3);
      expect(holders.filter((h) => h === 'spread-b')).toHaveLength(3);

      const hosts = await listHosts(gw);
      expect(hosts.map(({ hostId, live, draining, sessions }) => ({ hostId, live, draining, sessions }))).toEqual([
        { hostId: 'spread-a', live: true, draining: false, sessions: 3 },
        { hostId: 'spread-b', live: true, draining: false, sessions: 3 },
      ]);
      for (const host of hosts) {
        expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(Date.parse(host.lastHeartbeatAt)).toBeGreaterThan(Date.now() - 60_000);
      }
      // Each session runs where its lease says: every one is showing its QR.
      for (const id of ids) await gw.waitForSession(id, (s) => s.status === 'QR' && Boolean(s.qr));
    } finally {
      await gw.close();
    }
  }, 600_000);

  it('three hosts: draining one mid-send moves its sessions without a QR; every message decrypted once, in order, webhooks delivered', async () => {
    const gw = await startChildGateway({ LEASE_TTL_MS: '10000' });
    const receiver = await startWebhookReceiver();
    let watching = true;
    try {
      await startHosts(gw, ['drain-a', 'drain-b', 'drain-c']);
      const chats = ['6285300000001', '6285300000002', '6285300000003', '6285300000004'];
      for (const phone of chats) gw.sim.addContact(phone, { name: `Chat ${phone.slice(-1)}` });
      // Placed one by one on the least loaded host (a, b, c, then a again, unless one missed a heartbeat).
      const token = await gw.pairSession('drain-busy', '6285300000101', 'Busy');
      for (const [n, id] of ['drain-2', 'drain-3', 'drain-idle'].entries()) await gw.pairSession(id, `628530000010${n + 2}`, id);
      const before = await listHosts(gw);
      expect(before.map((h) => h.sessions).sort()).toEqual([1, 1, 2]);
      const busyHost = (await holderOf(gw, 'drain-busy'))!;
      const others = before.map((h) => h.hostId).filter((id) => id !== busyHost);
      const headers = { authorization: `Bearer ${token}` };
      expect((await gw.json('POST', '/api/v1/webhook', { body: { sessionId: 'drain-busy', url: receiver.url }, headers })).status).toBe(200);
      const [paired] = await gw.db.select().from(t.sessions).where(eq(t.sessions.id, 'drain-busy'));

      // The session's status as it moves: a QR at any point would mean it had to pair again.
      const seen = new Set<string>();
      const watcher = (async () => {
        while (watching) {
          for (const row of await gw.db.select().from(t.sessions).where(eq(t.sessions.id, 'drain-busy'))) {
            seen.add(row.status);
            if (row.qr) seen.add('qr shown');
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();

      // Rounds of one message to each chat, posted before, during and after the drain, at most two
      // rounds ahead of what the contacts were shown (accepting is far faster than sending, so
      // unpaced the 50 rounds were all posted before the drain began).
      // While the next host connects the session is not CONNECTED and a send is refused (404, as
      // during any reconnect): the round is posted again once it is, as a client would.
      const ROUNDS = 50;
      const accepted: string[] = [];
      let posted = 0;
      const fromBusy = () => gw.sim.sent().filter((m) => m.from === '6285300000101');
      const sender = (async () => {
        for (let round = 0; round < ROUNDS; ) {
          while (fromBusy().length < (round - 2) * chats.length) await new Promise((resolve) => setTimeout(resolve, 20));
          const body = chats.map((to) => ({ recipient_type: 'individual', to, type: 'text', text: { body: `${to} ${round}` } }));
          const res = await gw.json('POST', '/api/v1/messages?sessionId=drain-busy', { body, headers });
          if (res.status === 404 && res.body.message === 'Session drain-busy not found or not connected.') {
            await gw.waitForSession('drain-busy', (s) => s.status === 'CONNECTED', 600_000);
            continue;
          }
          expect(res.status).toBe(200);
          accepted.push(...res.body.map((r: { messageId: string }) => r.messageId));
          posted = ++round;
        }
      })();
      // A sender that failed fails the test here instead of leaving it waiting.
      while (fromBusy().length < 20) await Promise.race([sender, new Promise((resolve) => setTimeout(resolve, 20))]);

      const drained = await gw.json('POST', `/api/v1/hosts/${busyHost}/drain`, { headers: { 'x-master-key': gw.masterKey } });
      expect(drained.status).toBe(202);
      expect(drained.body.host).toMatchObject({ hostId: busyHost, draining: true });
      // Mid-send: messages were still being accepted, and not all sent, when the drain began.
      expect(posted).toBeLessThan(ROUNDS);

      // Each moved session went to the least loaded of the others: two each, whichever held two before.
      const after = await waitForHosts(
        gw,
        (hosts) => hosts.find((h) => h.hostId === busyHost)?.sessions === 0 && hosts.reduce((n, h) => n + h.sessions, 0) === 4,
      );
      expect(after.map(({ hostId, draining, sessions }) => ({ hostId, draining, sessions }))).toEqual(
        before.map(({ hostId }) => ({ hostId, draining: hostId === busyHost, sessions: hostId === busyHost ? 0 : 2 })),
      );
      await sender;

      // Every accepted message has reached its contact (duplicates, if any, are counted below).
      await expect.poll(() => new Set(fromBusy().map((m) => m.id)).size, { timeout: 600_000, interval: 100 }).toBe(accepted.length);
      // What each contact sees: a send under an id it already got (a handoff resends what was in
      // flight under the same id) is a repeat WhatsApp shows once.
      const shown = () => fromBusy().filter((m) => !m.repeat);
      for (const to of chats) {
        const got = gw.sim.sent(to).filter((m) => m.from === '6285300000101' && !m.repeat);
        // Exactly once each, in the order accepted.
        expect(got.map((m) => m.text)).toEqual(Array.from({ length: ROUNDS }, (_, round) => `${to} ${round}`));
      }
      expect(new Set(shown().map((m) => m.id)).size).toBe(ROUNDS * chats.length);
      expect([...accepted].sort()).toEqual(
        shown()
          .map((m) => m.id)
          .sort(),
      );

      for (const id of accepted)
        await receiver.waitFor((r) => r.body.event === 'message.status' && r.body.data.id === id && r.body.data.status === 'sent', 600_000);

      for (const id of ['drain-busy', 'drain-2', 'drain-3', 'drain-idle']) {
        expect(others).toContain(await holderOf(gw, id));
        await gw.waitForSession(id, (s) => s.status === 'CONNECTED' && s.qr === null, 600_000);
      }
      watching = false;
      await watcher;
      expect(seen.has('QR')).toBe(false);
      expect(seen.has('qr shown')).toBe(false);
      const [moved] = await gw.db.select().from(t.sessions).where(eq(t.sessions.id, 'drain-busy'));
      expect(moved!.meJid).toBe(paired!.meJid);

      // Undrained, it takes sessions again: the next new one is placed there.
      const undrained = await gw.json('POST', `/api/v1/hosts/${busyHost}/undrain`, { headers: { 'x-master-key': gw.masterKey } });
      expect(undrained.status).toBe(200);
      await waitForHosts(gw, (hosts) => hosts.find((h) => h.hostId === busyHost)?.draining === false);
      await gw.createSession('drain-new');
      // Placed there by the edge, or claimed as its share at its next heartbeat if it had not yet read the flag.
      await expect.poll(() => holderOf(gw, 'drain-new'), { timeout: 600_000, interval: 100 }).toBeDefined();
      expect(await holderOf(gw, 'drain-new')).toBe(busyHost);
    } finally {
      watching = false;
      receiver.close();
      await gw.close();
    }
  }, 600_000);

  it("a drained session keeps each chat's Signal session: the new host fetches no prekey bundle and the contacts decrypt in the same session", async () => {
    const gw = await startChildGateway({ LEASE_TTL_MS: '10000' });
    try {
      await startHosts(gw, ['keep-a', 'keep-b']);
      const SHOP = '6285600000101';
      const chats = ['6285600000001', '6285600000002', '6285600000003'];
      for (const phone of chats) gw.sim.addContact(phone, { name: `Keep ${phone.slice(-1)}` });
      const token = await gw.pairSession('keeps', SHOP, 'Keeps');
      expect(await holderOf(gw, 'keeps')).toBe('keep-a');
      const sendRound = async (round: number) => {
        const body = chats.map((to) => ({ recipient_type: 'individual', to, type: 'text', text: { body: `${to} ${round}` } }));
        const res = await gw.json('POST', '/api/v1/messages?sessionId=keeps', { body, headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        return Promise.all(chats.map(async (to, n) => (await gw.sim.waitForSent(to, { pred: (m) => m.id === res.body[n].messageId }))[0]!));
      };
      const first = await sendRound(1);
      const fetchedBefore = gw.sim.prekeyFetches(SHOP).length;

      const drainedAt = Date.now();
      const drained = await gw.json('POST', '/api/v1/hosts/keep-a/drain', { headers: { 'x-master-key': gw.masterKey } });
      expect(drained.status).toBe(202);
      // Released by keep-a, then claimed by keep-b at its next heartbeat.
      await expect.poll(() => holderOf(gw, 'keeps'), { timeout: 600_000, interval: 100 }).toBe('keep-b');
      // Connected by keep-b: the row said CONNECTED from keep-a until keep-b reported.
      const connectedByB = async () => (await gw.db.select().from(t.sessions).where(eq(t.sessions.id, 'keeps')))[0]!;
      await expect
        .poll(
          async () => {
            const row = await connectedByB();
            return row.status === 'CONNECTED' && row.updatedAt > drainedAt;
          },
          { timeout: 600_000, interval: 100 },
        )
        .toBe(true);

      const second = await sendRound(2);
      // No new Signal session with any device: the stored ones (and the stored device lists) were used.
      expect(gw.sim.prekeyFetches(SHOP).slice(fetchedBefore)).toEqual([]);
      expect(second.map((m) => m.signalSession)).toEqual(first.map((m) => m.signalSession));
    } finally {
      await gw.close();
    }
  }, 600_000);
});
