import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../test-support/gateway.js';

let gw: Gateway;
let token: string;
const ALICE = '6281111111111';

beforeAll(async () => {
  gw = await startGateway();
  gw.sim.addContact(ALICE, { name: 'Alice' });
});
afterAll(async () => gw?.close());

describe('session lifecycle through the public API', () => {
  it('create → QR in GET /sessions → simulator scans → CONNECTED "Connected as <name>"', async () => {
    token = await gw.pairSession('main', '6280000000001', 'John Doe');
    const s = await gw.waitForSession('main', (x) => x.status === 'CONNECTED');
    expect(s).toEqual({ sessionId: 'main', status: 'CONNECTED', detail: 'Connected as John Doe', qr: null });
  });

  it('sends a text that the simulated contact decrypts', async () => {
    const res = await gw.stack.json('POST', '/api/v1/messages?sessionId=main', {
      body: { recipient_type: 'individual', to: ALICE, type: 'text', text: { body: 'Hello from the API!' } },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ status: 'success', message: `Message sent to ${ALICE}`, messageId: expect.stringMatching(/^3EB0[0-9A-F]{18}$/), index: 0, to: ALICE, messageStatus: 'queued' }]);
    const [sent] = await gw.sim.waitForSent(ALICE);
    expect(sent!.text).toBe('Hello from the API!');
    expect(sent!.id).toBe(res.body[0].messageId);
  });
});
