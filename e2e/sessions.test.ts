import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../shared/src/db/schema.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const ALICE = '6281111111111';

const ownSession = (sessionId: string, phone: string) => gw.ownSession(sessionId, phone, { webhookUrl: receiver.url, to: ALICE });
const eventsOf = (sessionId: string) => receiver.received.filter((r) => r.body.sessionId === sessionId);

beforeAll(async () => {
  gw = await startGateway();
  gw.sim.addContact(ALICE, { name: 'Alice' });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

describe('session lifecycle through the public API', () => {
  it('create → QR in GET /sessions → simulator scans → CONNECTED "Connected as <name>"', async () => {
    const token = await gw.pairSession('main', '6280000000001', 'John Doe');
    const s = await gw.waitForSession('main', (x) => x.status === 'CONNECTED');
    expect(s).toEqual({ sessionId: 'main', status: 'CONNECTED', detail: 'Connected as John Doe', qr: null, token, defaultCountry: null, proxy: null });
    const creds = await gw.stack.host.db.select().from(t.waAuthState).where(eq(t.waAuthState.sessionId, 'main'));
    expect(creds.length).toBeGreaterThan(10);
  });

  it('a dropped socket reconnects by itself and sending resumes', async () => {
    const phone = '6280000000002';
    const { sendText } = await ownSession('dropped', phone);
    expect(gw.sim.drop(phone)).toBeGreaterThan(0);
    await gw.waitForSession('dropped', (s) => s.status === 'DISCONNECTED');
    await gw.waitForSession('dropped', (s) => s.status === 'CONNECTED');
    const id = await sendText('after the drop');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
  });

  it('a restarted session host reconnects from the stored auth state, without a QR', async () => {
    const { sendText } = await ownSession('restarted', '6280000000003');
    const qrEventsBefore = eventsOf('restarted').filter((r) => r.body.data.status === 'QR').length;
    await gw.stack.restartHost();
    await receiver.waitFor(
      (r) => r.body.sessionId === 'restarted' && r.body.data.status === 'DISCONNECTED' && String(r.body.data.detail).includes('host stopped'),
    );
    const s = await gw.waitForSession('restarted', (x) => x.status === 'CONNECTED');
    expect(s.qr).toBeNull();
    expect(eventsOf('restarted').filter((r) => r.body.data.status === 'QR').length).toBe(qrEventsBefore);
    const id = await sendText('after the restart');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
  });

  it('messages queued when the host restarts are all sent once, none lost', async () => {
    const { sendText } = await ownSession('burst', '6280000000004');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await sendText(`burst ${i}`));
    await gw.stack.restartHost();
    await gw.waitForSession('burst', (x) => x.status === 'CONNECTED');
    for (const id of ids) await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id, timeoutMs: 30_000 });
    // Statuses are written in batches after the send: wait for the rows to settle.
    const unsettled = async () =>
      (await gw.stack.host.db.select({ status: t.messages.status }).from(t.messages).where(eq(t.messages.sessionId, 'burst'))).filter(
        (r) => r.status === 'queued' || r.status === 'sending',
      ).length;
    await expect.poll(unsettled, { timeout: 30_000, interval: 100 }).toBe(0);
    const texts = gw.sim.sent(ALICE).filter((m) => ids.includes(m.id));
    expect(texts).toHaveLength(20);
    expect(new Set(texts.map((m) => m.id)).size).toBe(20);
  });

  it('logout from the phone → LOGGED_OUT with a session.update event, auth state removed', async () => {
    const phone = '6280000000005';
    const { token } = await ownSession('loggedout', phone);
    expect(gw.sim.logout(phone)).toBeGreaterThan(0);
    const s = await gw.waitForSession('loggedout', (x) => x.status === 'LOGGED_OUT');
    expect(s.detail).toContain('Logged out');
    await receiver.waitFor((r) => r.body.sessionId === 'loggedout' && r.body.event === 'session.update' && r.body.data.status === 'LOGGED_OUT');
    expect(await gw.stack.host.db.select().from(t.waAuthState).where(eq(t.waAuthState.sessionId, 'loggedout'))).toHaveLength(0);
    const refused = await gw.stack.json('POST', '/api/v1/messages?sessionId=loggedout', {
      body: { recipient_type: 'individual', to: ALICE, type: 'text', text: { body: 'nobody home' } },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(refused).toEqual({ status: 404, body: { status: 'error', message: 'Session loggedout not found or not connected.' } });
  });
});

describe('pairing code', () => {
  it('POST /sessions/:id/pairing-code returns a code the phone types to pair', async () => {
    const codeToken = await gw.stack.createSession('bycode');
    expect(gw.sim.openConnections('6280000000009')).toBe(0);
    await gw.waitForSession('bycode', (s) => s.status === 'QR');
    const res = await gw.stack.json('POST', '/api/v1/sessions/bycode/pairing-code', {
      body: { phoneNumber: '+62 800-0000-0009' },
      headers: { authorization: `Bearer ${codeToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'success', code: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) });
    await gw.sim.enterPairingCode(res.body.code.replace('-', ''), { phone: '6280000000009', name: 'Code Shop' });
    const s = await gw.waitForSession('bycode', (x) => x.status === 'CONNECTED');
    expect(s.detail).toBe('Connected as Code Shop');
    expect(gw.sim.openConnections('6280000000009')).toBe(1);
    const again = await gw.stack.json('POST', '/api/v1/sessions/bycode/pairing-code', {
      body: { phoneNumber: '6280000000009' },
      headers: { authorization: `Bearer ${codeToken}` },
    });
    expect(again.status).toBe(409);
  });

  it('a bad phone number → 400 naming phoneNumber', async () => {
    const res = await gw.stack.json('POST', '/api/v1/sessions/bycode/pairing-code', {
      body: { phoneNumber: 'abc' },
      headers: { 'x-master-key': gw.stack.masterKey },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('phoneNumber');
  });

  it('deleting a connected session closes its WhatsApp connection and removes it from the list', async () => {
    const phone = '6280000000006';
    await ownSession('deleted', phone);
    expect(gw.sim.openConnections(phone)).toBe(1);
    const res = await gw.stack.json('DELETE', '/api/v1/sessions/deleted', { headers: { 'x-master-key': gw.stack.masterKey } });
    expect(res.status).toBe(200);
    await expect.poll(() => gw.sim.openConnections(phone), { timeout: 20_000, interval: 100 }).toBe(0);
    expect((await gw.stack.json('GET', '/api/v1/sessions')).body.some((s: any) => s.sessionId === 'deleted')).toBe(false);
  });
});
