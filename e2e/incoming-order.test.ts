import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const SESSION = 'ordered';
const KNOWN = '6284400000000';
const BURST = 8;

beforeAll(async () => {
  gw = await startGateway();
  receiver = await startWebhookReceiver();
  gw.sim.addContact(KNOWN, { name: 'Known' });
  const token = await gw.pairSession(SESSION, '6280000000440', 'Ordered');
  await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId: SESSION, url: receiver.url }, headers: { authorization: `Bearer ${token}` } });
  // The known contact has written before: its Signal session and LID mapping exist.
  const first = await gw.sim.sendFrom(KNOWN, { text: 'hello' });
  await receiver.waitFor((r) => r.body.event === 'message.received' && r.body.data.id === first);
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

/** The texts of one contact's messages in the order the webhook receiver got them. */
const arrivedFrom = (phone: string, round: number) =>
  receiver
    .delivered()
    .filter((r) => r.body.event === 'message.received' && String(r.body.data.text).startsWith(`r${round} ${phone} `))
    .map((r) => Number(String(r.body.data.text).split(' ')[2]));

describe('incoming order', () => {
  it('each chat reaches the webhook in the order its messages were written, for new and known contacts, over several rounds', async () => {
    for (let round = 0; round < 3; round++) {
      const fresh = [0, 1, 2].map((i) => `6284510${round}0000${i}`);
      for (const phone of fresh) gw.sim.addContact(phone, { name: `New ${phone.slice(-3)}` });
      const writers = [...fresh, KNOWN];
      // Every contact writes its burst at the same time as the others, each message on the wire in turn;
      // one of the new contacts writes from its LID, as most contacts do today.
      await Promise.all(
        writers.map(async (phone, w) => {
          for (let n = 0; n < BURST; n++) await gw.sim.sendFrom(phone, { text: `r${round} ${phone} ${n}` }, { addressing: w === 1 ? 'lid' : 'pn' });
        }),
      );
      for (const phone of writers) {
        await receiver.waitFor(() => arrivedFrom(phone, round).length === BURST);
        expect(arrivedFrom(phone, round), `round ${round}, ${phone}`).toEqual([...Array(BURST).keys()]);
      }
    }
  });
});
