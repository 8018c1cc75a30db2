// The send queue works on several chats at once (a batch's sends to different chats overlap), yet
// each chat's messages reach the contact in the order they were accepted, each exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JPEG } from '../test-support/fixtures.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startLinkServer } from '../test-support/link-server.js';

let gw: Gateway;
let token: string;
let linkServer: Awaited<ReturnType<typeof startLinkServer>>;
let imageAsked: Promise<void>;
let releaseImage: () => void;

beforeAll(async () => {
  gw = await startGateway();
  token = await gw.pairSession('lanes', '6280000000450', 'Lanes');
  let asked!: () => void;
  imageAsked = new Promise((resolve) => {
    asked = resolve;
  });
  const released = new Promise<void>((resolve) => {
    releaseImage = resolve;
  });
  // The image link answers only when the test says so: its chat waits, the others must not.
  linkServer = await startLinkServer((_req, res) => {
    asked();
    void released.then(() => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG));
  });
});
afterAll(async () => {
  releaseImage?.();
  linkServer?.close();
  await gw?.close();
});

describe('sends in flight to several chats', () => {
  it('while one chat waits for its image the other chats are sent; every chat keeps its order, each message once', async () => {
    const slow = '6284520000000';
    const others = ['6284520000001', '6284520000002', '6284520000003'];
    for (const phone of [slow, ...others]) gw.sim.addContact(phone, { name: `Lane ${phone.slice(-1)}` });
    const body = [
      { to: slow, type: 'image', image: { link: `${linkServer.base}/slow.jpg`, caption: 'first' } },
      { to: slow, type: 'text', text: { body: 'second' } },
      // Interleaved as a campaign or a notifier would send them.
      ...[0, 1, 2, 3, 4].flatMap((n) => others.map((phone) => ({ to: phone, type: 'text', text: { body: `${phone} ${n}` } }))),
    ];
    const res = await gw.stack.json('POST', '/api/v1/messages?sessionId=lanes', { body, headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.body.every((r: { status: string }) => r.status === 'success')).toBe(true);

    await imageAsked;
    for (const phone of others) {
      const sent = await gw.sim.waitForSent(phone, { count: 5 });
      expect(sent.map((m) => m.text)).toEqual([0, 1, 2, 3, 4].map((n) => `${phone} ${n}`));
    }
    // The text after the image has not overtaken it.
    expect(gw.sim.sent(slow)).toEqual([]);

    releaseImage();
    const slowChat = await gw.sim.waitForSent(slow, { count: 2 });
    expect(slowChat.map((m) => m.kind)).toEqual(['image', 'text']);
    expect(slowChat.map((m) => m.caption ?? m.text)).toEqual(['first', 'second']);
    const ids = [slow, ...others].flatMap((phone) => gw.sim.sent(phone).map((m) => m.id));
    expect(new Set(ids).size).toBe(body.length);
    expect(ids).toHaveLength(body.length);
  });
});
