// A session stopped on purpose with sends written to its socket that WhatsApp has not acknowledged:
// the host shuts down (SIGTERM, as `restartHost` does), or another host takes its lease. The next
// owner sends them again under the same ids. Counted by what the contact is shown: a resend of a
// message it already got is a repeat WhatsApp shows once, and one the server never handled arrives
// for the first time.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../shared/src/db/schema.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';

let gw: Gateway;

beforeAll(async () => {
  // Nothing but the stop closes the connection: no zombie checks (their ack bound would close it
  // first). Short leases: the host notices a lost lease within a second.
  gw = await startGateway({ WATCHDOG_ACK_TIMEOUT_MS: '0', WATCHDOG_PING_INTERVAL_MS: '0', LEASE_TTL_MS: '3000' });
});
afterAll(async () => gw?.close());

/** A connected session that has written four messages to a contact, none acknowledged: the first two
 * delivered to the contact (the server's ack and her receipts held back), the last two never handled by
 * the server. Returns their ids, oldest first. */
async function amidUnacked(sessionId: string, phone: string, contact: string) {
  gw.sim.addContact(contact);
  const token = await gw.pairSession(sessionId, phone, 'Stopping Shop');
  const send = async (body: string): Promise<string> => {
    const res = await gw.stack.json('POST', `/api/v1/messages?sessionId=${sessionId}`, {
      body: { recipient_type: 'individual', to: contact, type: 'text', text: { body } },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body[0].messageId as string;
  };
  const statuses = async (ids: string[]) =>
    (
      await gw.stack.host.db
        .select({ id: t.messages.waMessageId, status: t.messages.status })
        .from(t.messages)
        .where(and(eq(t.messages.sessionId, sessionId), inArray(t.messages.waMessageId, ids)))
    )
      .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
      .map((r) => r.status);
  // The contact is known first (number checked, Signal session set up): each later send is one stanza.
  const warm = await send('hello');
  await gw.sim.waitForSent(contact, { pred: (m) => m.id === warm });

  gw.sim.setReceiptMode('manual');
  gw.sim.setAckDelay(120_000);
  const delivered = [await send('got, not acked 1'), await send('got, not acked 2')];
  for (const id of delivered) await gw.sim.waitForSent(contact, { pred: (m) => m.id === id });
  // Then the server handles nothing more (keep-alive pings aside): these reach it and go no further.
  expect(gw.sim.freeze(phone, { answerPings: true })).toBe(1);
  const ids = [...delivered, await send('never handled 1'), await send('never handled 2')];
  // All four written to the socket: their rows say sent.
  await expect.poll(() => statuses(ids), { timeout: 30_000, interval: 100 }).toEqual(['sent', 'sent', 'sent', 'sent']);
  expect(gw.sim.sent(contact).filter((m) => ids.slice(2).includes(m.id))).toEqual([]);
  // The next connection is answered as usual.
  gw.sim.setAckDelay(0);
  gw.sim.setReceiptMode('auto');

  /** After the stop: the next owner sent all four again; the contact is shown each once, in order, and
   * the two she had are repeats. */
  const shownOnceEach = async () => {
    for (const id of ids) await gw.sim.waitForSent(contact, { pred: (m) => m.id === id && !m.repeat });
    await expect.poll(() => gw.sim.sent(contact).filter((m) => delivered.includes(m.id) && m.repeat).length, { timeout: 30_000 }).toBe(2);
    const shown = gw.sim.sent(contact).filter((m) => ids.includes(m.id) && !m.repeat);
    expect(shown.map((m) => m.text)).toEqual(['got, not acked 1', 'got, not acked 2', 'never handled 1', 'never handled 2']);
    await expect.poll(() => statuses(ids), { timeout: 30_000, interval: 100 }).toEqual(['read', 'read', 'read', 'read']);
  };
  return { shownOnceEach };
}

describe('a deliberate stop amid unacknowledged sends', () => {
  it('host shutdown: the next host sends them again; the contact is shown each once, in order', async () => {
    const { shownOnceEach } = await amidUnacked('stop-shutdown', '6280000000711', '6281111117001');
    await gw.stack.restartHost();
    await shownOnceEach();
  });

  it('a lease taken by another host: the host stops the session, and the next owner sends them again, each shown once', async () => {
    const sessionId = 'stop-lease-lost';
    const { shownOnceEach } = await amidUnacked(sessionId, '6280000000712', '6281111117002');
    // Another host takes the lease (and dies with it): this host stops its socket at its next heartbeat,
    // and takes the session back once that lease has run out.
    await gw.stack.host.db
      .update(t.hostLeases)
      .set({ hostId: 'another-host', hostUrl: 'http://127.0.0.1:9', expiresAt: Date.now() + 3_000 })
      .where(eq(t.hostLeases.sessionId, sessionId));
    await shownOnceEach();
  });
});
