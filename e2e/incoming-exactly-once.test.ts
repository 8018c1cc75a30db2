import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../shared/src/db/schema.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const SESSION = 'once';

beforeAll(async () => {
  gw = await startGateway();
  receiver = await startWebhookReceiver();
  const token = await gw.pairSession(SESSION, '6280000000450', 'Once');
  await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId: SESSION, url: receiver.url }, headers: { authorization: `Bearer ${token}` } });
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

const receivedWith = (id: string) => receiver.delivered().filter((r) => r.body.event === 'message.received' && r.body.data.id === id);
const rowsWith = (id: string) =>
  gw.stack.host.db
    .select()
    .from(t.messages)
    .where(and(eq(t.messages.sessionId, SESSION), eq(t.messages.waMessageId, id)));

describe('incoming exactly once', () => {
  it('a message WhatsApp delivers again (same id) is stored once and reaches the webhook once, amid a burst', async () => {
    const contacts = ['6284520000001', '6284520000002', '6284520000003'];
    for (const phone of contacts) gw.sim.addContact(phone, { name: `Once ${phone.slice(-1)}` });
    const repeated = 'REPEATED0000000001';
    // Every contact writes at once; the first one sends the same message id three times among its others.
    await Promise.all(
      contacts.map(async (phone, c) => {
        for (let n = 0; n < 4; n++) {
          await gw.sim.sendFrom(phone, { text: `once ${c} ${n}` });
          if (c === 0) await gw.sim.sendFrom(phone, { text: 'said again' }, { id: repeated });
        }
      }),
    );
    const last = await gw.sim.sendFrom(contacts[0]!, { text: 'last' });
    await receiver.waitFor((r) => r.body.event === 'message.received' && r.body.data.id === last);
    for (const [c] of contacts.entries()) {
      for (let n = 0; n < 4; n++) await receiver.waitFor((r) => r.body.event === 'message.received' && r.body.data.text === `once ${c} ${n}`);
    }

    expect(receivedWith(repeated)).toHaveLength(1);
    expect(receivedWith(repeated)[0]?.body.data.text).toBe('said again');
    expect(await rowsWith(repeated)).toHaveLength(1);
    // Every other message once, each with its own sequence number.
    const received = receiver.delivered().filter((r) => r.body.event === 'message.received');
    expect(new Set(received.map((r) => r.body.data.id)).size).toBe(received.length);
    expect(new Set(received.map((r) => r.body.seq)).size).toBe(received.length);
  });
});
