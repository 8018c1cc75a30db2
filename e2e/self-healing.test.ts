import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../shared/src/db/schema.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const ALICE = '6281111111111';

beforeAll(async () => {
  // Zombie bounds short enough for a test: a ping a second, acks within 3 s. A replaced device
  // (440) reconnects here, the operator's other choice (reconnect.test.ts has the default, stop).
  gw = await startGateway({ WATCHDOG_PING_INTERVAL_MS: '1000', WATCHDOG_ACK_TIMEOUT_MS: '3000', WA_ON_REPLACED: 'reconnect' });
  receiver = await startWebhookReceiver();
  gw.sim.addContact(ALICE, { name: 'Alice' });
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

const ownSession = async (sessionId: string, phone: string) => {
  const { sendText } = await gw.ownSession(sessionId, phone, { webhookUrl: receiver.url, to: ALICE, name: 'Healing' });
  return { send: sendText };
};
const updates = (sessionId: string) =>
  receiver
    .delivered()
    .filter((r) => r.body.event === 'session.update' && r.body.sessionId === sessionId)
    .map((r) => r.body.data as { status: string; detail: string });

describe('zombie connections', () => {
  it('a server that stops answering keep-alive pings: the session reconnects by itself, says why, and sends again; no QR', async () => {
    const phone = '6280000000601';
    const { send } = await ownSession('noping', phone);
    expect(gw.sim.freeze(phone)).toBe(1);
    const down = await receiver.waitFor((r) => r.body.sessionId === 'noping' && r.body.data.status === 'DISCONNECTED');
    expect(down.body.data.detail).toContain('keep-alive ping unanswered');
    await gw.waitForSession('noping', (s) => s.status === 'CONNECTED');
    const id = await send('after the zombie');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
    expect(updates('noping').map((u) => u.status)).not.toContain('QR');
  });

  it('a server that answers pings but acknowledges no message: reconnects, and the swallowed message is delivered exactly once', async () => {
    const phone = '6280000000602';
    const { send } = await ownSession('noack', phone);
    // Alice is known first (number checked, Signal session set up): the next send is one stanza.
    const warm = await send('hello');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === warm });
    expect(gw.sim.freeze(phone, { answerPings: true })).toBe(1);
    const id = await send('into the void');
    const down = await receiver.waitFor((r) => r.body.sessionId === 'noack' && r.body.data.status === 'DISCONNECTED');
    expect(down.body.data.detail).toContain('not acknowledged by WhatsApp');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
    // A later message proves the queue moved on past it; the first still arrived only once.
    const marker = await send('marker');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === marker });
    expect(gw.sim.sent(ALICE).filter((m) => m.id === id)).toHaveLength(1);
    // Statuses are written in batches after the send: wait for the row to settle.
    const status = async () =>
      (
        await gw.stack.host.db
          .select({ status: t.messages.status })
          .from(t.messages)
          .where(and(eq(t.messages.sessionId, 'noack'), eq(t.messages.waMessageId, id)))
      )[0]?.status;
    await expect.poll(status, { timeout: 30_000, interval: 100 }).toMatch(/^(sent|delivered|read)$/);
    expect(updates('noack').map((u) => u.status)).not.toContain('QR');
  });

  it('a burst of transient closes: each drop reconnects once, consecutive events never repeat a status, no QR, every message sent exactly once', async () => {
    const phone = '6280000000603';
    const { send } = await ownSession('bursty', phone);
    const ids: string[] = [];
    for (let round = 0; round < 3; round++) {
      ids.push(await send(`before drop ${round}`));
      expect(gw.sim.streamError('503', phone)).toBe(1);
      await receiver.waitFor(() => updates('bursty').filter((u) => u.status === 'DISCONNECTED').length === round + 1);
      await gw.waitForSession('bursty', (s) => s.status === 'CONNECTED');
      ids.push(await send(`after drop ${round}`));
    }
    for (const id of ids) await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
    // Alice sees each once. A stanza the server got but whose ack the close cut off is sent again under
    // its id (the gateway cannot know it arrived), which WhatsApp shows once; one the server acknowledged
    // is never sent again.
    for (const id of ids) expect(gw.sim.sent(ALICE).filter((m) => m.id === id && !m.repeat)).toHaveLength(1);
    for (const id of ids) if (gw.sim.sent(ALICE).find((m) => m.id === id)?.acked) expect(gw.sim.sent(ALICE).filter((m) => m.id === id)).toHaveLength(1);
    // The webhook was set after the first CONNECTED: three reconnects are three CONNECTED events.
    await receiver.waitFor(() => updates('bursty').filter((u) => u.status === 'CONNECTED').length === 3);
    const statuses = updates('bursty').map((u) => u.status);
    expect(statuses).not.toContain('QR');
    expect(statuses.filter((status, i) => i > 0 && status === statuses[i - 1])).toEqual([]);
  });

  it('the connection ends amid sends to several chats (some acknowledged, some received without an ack, some lost on the way): each message reaches its chat once, in order, acknowledged ones are never sent again, and every status ends read', async () => {
    const phone = '6280000000605';
    const { token } = await gw.ownSession('amid', phone, { webhookUrl: receiver.url, to: ALICE, name: 'Amid' });
    const chats = ['6281111116001', '6281111116002', '6281111116003', '6281111116004'];
    for (const chat of chats) gw.sim.addContact(chat);
    const send = async (bodies: Array<{ to: string; body: string }>): Promise<string[]> => {
      const res = await gw.stack.json('POST', '/api/v1/messages?sessionId=amid', {
        body: bodies.map(({ to, body }) => ({ recipient_type: 'individual', to, type: 'text', text: { body } })),
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      return (res.body as Array<{ messageId: string }>).map((r) => r.messageId);
    };
    // Every chat known first (number checked, Signal session set up): each later send is one stanza.
    const warm = await send(chats.map((to) => ({ to, body: 'hello' })));
    for (const [i, chat] of chats.entries()) await gw.sim.waitForSent(chat, { pred: (m) => m.id === warm[i] });

    // The 4th–6th stanzas reach the contact but get no ack, the 7th–9th reach the server and are lost with
    // the connection, which ends (503) right after the 9th; the rest go after the reconnect.
    expect(gw.sim.closeAmidSends(phone, { acked: 3, unacked: 3, lost: 3 })).toBe(1);
    const burst = chats.flatMap((to) => [1, 2, 3].map((n) => ({ to, body: `${to} #${n}` })));
    const ids = await send(burst);
    await receiver.waitFor((r) => r.body.sessionId === 'amid' && r.body.data.status === 'DISCONNECTED');
    for (const [i, { to }] of burst.entries()) await gw.sim.waitForSent(to, { pred: (m) => m.id === ids[i] && !m.repeat });

    expect(gw.sim.lostMessages().filter((m) => m.from === phone)).toHaveLength(3);
    for (const [i, { to }] of burst.entries()) {
      const copies = gw.sim.sent(to).filter((m) => m.id === ids[i]);
      expect(copies.filter((m) => !m.repeat)).toHaveLength(1);
      if (copies[0]!.acked) expect(copies).toHaveLength(1);
    }
    // Each chat got its messages in the order they were sent.
    for (const chat of chats) {
      const got = gw.sim
        .sent(chat)
        .filter((m) => !m.repeat && ids.includes(m.id))
        .map((m) => m.text);
      expect(got).toEqual([1, 2, 3].map((n) => `${chat} #${n}`));
    }
    const statuses = async () =>
      (
        await gw.stack.host.db
          .select({ status: t.messages.status })
          .from(t.messages)
          .where(and(eq(t.messages.sessionId, 'amid'), eq(t.messages.direction, 'out')))
      ).map((r) => r.status);
    await expect.poll(statuses, { timeout: 30_000, interval: 100 }).toEqual(Array.from({ length: chats.length + ids.length }, () => 'read'));
    expect(gw.sim.decryptFailures()).toEqual([]);
  });

  it('another login of the same device (440) with WA_ON_REPLACED=reconnect: said, then connected again, no QR', async () => {
    const phone = '6280000000604';
    const { send } = await ownSession('replaced-back', phone);
    expect(gw.sim.conflict(phone)).toBe(1);
    const down = await receiver.waitFor((r) => r.body.sessionId === 'replaced-back' && r.body.data.status === 'DISCONNECTED');
    expect(down.body.data.detail).toContain('Another client replaced this connection (440). Reconnecting: attempt 1');
    await receiver.waitFor(() => updates('replaced-back').at(-1)?.status === 'CONNECTED');
    const id = await send('after the takeover');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
    expect(updates('replaced-back').map((u) => u.status)).not.toContain('QR');
  });
});
