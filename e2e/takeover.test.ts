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
