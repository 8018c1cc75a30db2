import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JPEG } from '../test-support/fixtures.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

let gw: Gateway;
let token: string;
let secret: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const CAROL = '6283333333333';

beforeAll(async () => {
  gw = await startGateway();
  gw.sim.addContact(CAROL, { name: 'Carol' });
  receiver = await startWebhookReceiver();
  token = await gw.stack.createSession('hooks');
  const set = await gw.stack.json('POST', '/api/v1/webhook', {
    body: { sessionId: 'hooks', url: receiver.url },
    headers: { authorization: `Bearer ${token}` },
  });
  secret = set.body.secret;
  const { qr } = await gw.waitForSession('hooks', (s) => s.status === 'QR' && Boolean(s.qr));
  await gw.sim.scan(qr!, { phone: '6280000000005', name: 'Hook Shop' });
  await gw.waitForSession('hooks', (s) => s.status === 'CONNECTED');
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

describe('webhook events', () => {
  it('session.update for CONNECTED, once, signed with the session secret, in the original envelope', async () => {
    const connected = await receiver.waitFor((r) => r.body.event === 'session.update' && r.body.data.status === 'CONNECTED');
    expect(connected.body).toEqual({
      id: expect.any(String),
      event: 'session.update',
      sessionId: 'hooks',
      data: { status: 'CONNECTED', detail: 'Connected as Hook Shop' },
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      seq: expect.any(Number),
    });
    expect(connected.headers['x-webhook-sequence']).toBe(String(connected.body.seq));
    expect(receiver.verify(connected, secret)).toBe(true);
    expect(receiver.verify(connected, 'whsec_wrong')).toBe(false);
    expect(connected.headers['x-webhook-id']).toBe(connected.body.id);
    // A later event of the session has arrived: every earlier one is in (one session's events are
    // delivered in order), so a second CONNECTED would be here by now.
    const marker = await gw.sim.sendFrom(CAROL, { text: 'after connecting' });
    await receiver.waitFor((r) => r.body.event === 'message.received' && r.body.data.id === marker);
    expect(receiver.received.filter((r) => r.body.event === 'session.update' && r.body.data.status === 'CONNECTED')).toHaveLength(1);
  });

  it('incoming text → message.received with from, text and type', async () => {
    const id = await gw.sim.sendFrom(CAROL, { text: 'Hi shop, is this open?' });
    const hook = await receiver.waitFor((r) => r.body.event === 'message.received' && r.body.data.id === id);
    expect(hook.body.data).toMatchObject({
      from: `${CAROL}@s.whatsapp.net`,
      text: 'Hi shop, is this open?',
      type: expect.stringMatching(/conversation|extendedTextMessage/),
      pushName: 'Carol',
    });
    expect(receiver.verify(hook, secret)).toBe(true);
  });

  it('incoming image → message.received with a media link that serves the same bytes', async () => {
    const id = await gw.sim.sendFrom(CAROL, { image: { bytes: JPEG, mimetype: 'image/jpeg', caption: 'look at this' } });
    const hook = await receiver.waitFor((r) => r.body.event === 'message.received' && r.body.data.id === id);
    expect(hook.body.data).toMatchObject({
      type: 'imageMessage',
      text: 'look at this',
      media: { mimetype: 'image/jpeg', url: expect.stringMatching(/^\/media\/.+\.jpg$/) },
    });
    const res = await gw.stack.fetch(hook.body.data.media.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('a receiver answering 500 three times gets every event later, in order, none lost', async () => {
    receiver.failNext(3);
    const ids: string[] = [];
    for (const text of ['first', 'second', 'third']) ids.push(await gw.sim.sendFrom(CAROL, { text }));
    for (const id of ids) await receiver.waitFor((r) => r.body.data.id === id, 30_000);
    const order = receiver
      .delivered()
      .filter((r) => ids.includes(r.body.data.id))
      .map((r) => r.body.data.text);
    expect(order).toEqual(['first', 'second', 'third']);
    expect(receiver.received.filter((r) => r.answered === 500)).toHaveLength(3);
    const events = await gw.stack.json('GET', '/api/v1/webhook/events?sessionId=hooks&status=delivered', { headers: { authorization: `Bearer ${token}` } });
    const retried = events.body.events.find((e: any) => e.payload.data.id === ids[0]);
    expect(retried.attempts).toBeGreaterThan(1);
  });
});
