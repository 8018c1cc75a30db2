import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../shared/src/db/schema.js';
import { startChildGateway, type ChildGateway } from '../test-support/child-gateway.js';

let gw: ChildGateway;
const ALICE = '6281111111111';

beforeAll(async () => {
  gw = await startChildGateway({ LEASE_TTL_MS: '3000' });
  gw.sim.addContact(ALICE, { name: 'Alice' });
  await gw.startHost({ hostId: 'host-a' });
});
afterAll(async () => gw?.close());

describe('another host takes over when the owner dies', () => {
  it('kill -9 of the owner → after its lease expires, a new host owns the session, reconnects without a QR and sends', async () => {
    const token = await gw.pairSession('moving', '6280000000021', 'Moving Shop');
    const [before] = await gw.db.select().from(t.hostLeases).where(eq(t.hostLeases.sessionId, 'moving'));
    expect(before!.hostId).toBe('host-a');

    await gw.killHost();
    const killedAt = Date.now();
    await gw.startHost({ hostId: 'host-b' });
    // The row still says CONNECTED from before the kill: wait for a CONNECTED written after it.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [row] = await gw.db.select().from(t.sessions).where(eq(t.sessions.id, 'moving'));
      if (row!.status === 'CONNECTED' && row!.updatedAt > killedAt) break;
      if (Date.now() > deadline) throw new Error(`not reconnected by host-b: ${row!.status} ${row!.detail}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const [after] = await gw.db.select().from(t.hostLeases).where(eq(t.hostLeases.sessionId, 'moving'));
    expect(after!.hostId).toBe('host-b');
    expect((await gw.waitForSession('moving', (s) => s.status === 'CONNECTED')).qr).toBeNull();

    const res = await gw.json('POST', '/api/v1/messages?sessionId=moving', {
      body: { recipient_type: 'individual', to: ALICE, type: 'text', text: { body: 'from the new host' } },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const [sent] = await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === res.body[0].messageId });
    expect(sent!.text).toBe('from the new host');
  });
});

describe('a host that loses its lease mid-send', () => {
  it('sends at most the batch it had claimed, nothing once it knows, and every message is shown once when the session comes back', async () => {
    // Heartbeats every 10 s: the host learns of the loss up to 10 s after it, sending meanwhile unless fenced.
    const fenced = await startChildGateway({ LEASE_TTL_MS: '30000', LOG_LEVEL: 'warn' });
    try {
      await fenced.startHost({ hostId: 'fenced-host' });
      const SHOP = '6285500000101';
      const chats = ['6285500000001', '6285500000002', '6285500000003', '6285500000004'];
      for (const phone of chats) fenced.sim.addContact(phone, { name: `Chat ${phone.slice(-1)}` });
      const token = await fenced.pairSession('fenced', SHOP, 'Fenced Shop');
      // 400 messages, 100 rounds of one to each chat, accepted before most of them can go out.
      const ROUNDS = 100;
      const accepted: string[] = [];
      for (let first = 0; first < ROUNDS; first += 25) {
        const body = Array.from({ length: 25 }, (_, n) =>
          chats.map((to) => ({ recipient_type: 'individual', to, type: 'text', text: { body: `${to} ${first + n}` } })),
        ).flat();
        const res = await fenced.json('POST', '/api/v1/messages?sessionId=fenced', { body, headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        accepted.push(...res.body.map((r: { messageId: string }) => r.messageId));
      }
      const fromShop = () => fenced.sim.sent().filter((m) => m.from === SHOP);
      while (fromShop().length < 20) await new Promise((resolve) => setTimeout(resolve, 5));

      // Another owner appears in the lease row; the host finds out at its next heartbeat.
      await fenced.db
        .update(t.hostLeases)
        .set({ hostId: 'usurper', hostUrl: 'http://127.0.0.1:9', expiresAt: Date.now() + 600_000 })
        .where(eq(t.hostLeases.sessionId, 'fenced'));
      const atLoss = fromShop().length;
      await fenced.waitForHostLog((line) => line.msg === 'lease lost; stopping the local socket' && line.sessionId === 'fenced', 600_000);
      const whenKnown = fromShop().length;
      // One batch (at most 20 claimed before the row changed) may finish; no claim after it.
      expect(whenKnown - atLoss).toBeLessThanOrEqual(20);
      expect(whenKnown).toBeLessThan(accepted.length);
      await expect.poll(() => fenced.sim.openConnections(SHOP), { timeout: 600_000, interval: 50 }).toBe(0);
      expect(fromShop().length).toBe(whenKnown);

      // The usurper goes away: the host takes the session back at a heartbeat and sends the rest.
      await fenced.db.delete(t.hostLeases).where(eq(t.hostLeases.sessionId, 'fenced'));
      await expect.poll(() => new Set(fromShop().map((m) => m.id)).size, { timeout: 600_000, interval: 100 }).toBe(accepted.length);
      // What each contact is shown: every message once, in the order accepted (a resend under the same id is a repeat WhatsApp shows once).
      for (const to of chats) {
        const shown = fenced.sim.sent(to).filter((m) => m.from === SHOP && !m.repeat);
        expect(shown.map((m) => m.text)).toEqual(Array.from({ length: ROUNDS }, (_, round) => `${to} ${round}`));
      }
    } finally {
      await fenced.close();
    }
  }, 600_000);
});
