import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../shared/src/db/schema.js';
import { JPEG, PDF } from '../test-support/fixtures.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startLinkServer } from '../test-support/link-server.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

let gw: Gateway;
let tokenA: string;
let tokenB: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let linkServer: Awaited<ReturnType<typeof startLinkServer>>;
let linkBase: string;
const ALICE = '6281111111111';
const BOB = '6282222222222';
const STRANGER = '6289999999999';
const authA = () => ({ authorization: `Bearer ${tokenA}` });

beforeAll(async () => {
  gw = await startGateway();
  gw.sim.addContact(ALICE, { name: 'Alice' });
  gw.sim.addContact(BOB, { name: 'Bob' });
  gw.sim.refuse(STRANGER);
  tokenA = await gw.pairSession('alpha', '6280000000001', 'Alpha Shop');
  tokenB = await gw.pairSession('beta', '6280000000002', 'Beta Shop');
  receiver = await startWebhookReceiver();
  await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'alpha', url: receiver.url }, headers: authA() });
  linkServer = await startLinkServer((req, res) => {
    if (req.url === '/photo.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG);
    else res.writeHead(404).end();
  });
  linkBase = linkServer.base;
});
afterAll(async () => {
  await receiver?.close();
  linkServer?.close();
  await gw?.close();
});

const send = (body: unknown, headers: Record<string, string> = authA(), session = 'alpha') =>
  gw.stack.json('POST', `/api/v1/messages?sessionId=${session}`, { body, headers });

/** Every message row the gateway holds: a refused request must not add one. */
const messageRows = async () => (await gw.stack.host.db.select({ n: sql<number>`count(*)` }).from(t.messages))[0]!.n;

describe('POST /api/v1/messages', () => {
  it('text: the contact decrypts exactly that text under the returned id', async () => {
    const res = await send({ recipient_type: 'individual', to: ALICE, type: 'text', text: { body: 'Hello Alice 👋' } });
    expect(res.status).toBe(200);
    const [sent] = await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === res.body[0].messageId });
    expect(sent).toMatchObject({ kind: 'text', text: 'Hello Alice 👋', from: '6280000000001' });
  });

  it('image by mediaId: the contact decrypts the caption and the same bytes', async () => {
    const upload = await gw.stack.upload(JPEG, 'image/jpeg', 'photo.jpg', authA());
    const res = await send({ recipient_type: 'individual', to: ALICE, type: 'image', image: { id: upload.body.mediaId, caption: 'By id' } });
    const [sent] = await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === res.body[0].messageId });
    expect(sent).toMatchObject({ kind: 'image', caption: 'By id', mimetype: 'image/jpeg' });
    expect(sent!.bytes!.equals(JPEG)).toBe(true);
  });

  it('image by link: fetched by the host, decrypted by the contact byte for byte', async () => {
    const res = await send({ recipient_type: 'individual', to: ALICE, type: 'image', image: { link: `${linkBase}/photo.jpg`, caption: 'By link' } });
    const [sent] = await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === res.body[0].messageId });
    expect(sent).toMatchObject({ kind: 'image', caption: 'By link' });
    expect(sent!.bytes!.equals(JPEG)).toBe(true);
  });

  it('document: filename, mimetype and bytes arrive', async () => {
    const upload = await gw.stack.upload(PDF, 'application/pdf', 'r.pdf', authA());
    const res = await send({
      recipient_type: 'individual',
      to: BOB,
      type: 'document',
      document: { id: upload.body.mediaId, mimetype: 'application/pdf', filename: 'Invoice_42.pdf' },
    });
    const [sent] = await gw.sim.waitForSent(BOB, { pred: (m) => m.id === res.body[0].messageId });
    expect(sent).toMatchObject({ kind: 'document', fileName: 'Invoice_42.pdf', mimetype: 'application/pdf' });
    expect(sent!.bytes!.equals(PDF)).toBe(true);
  });

  it('batch with one invalid item: the others are sent, the bad one reported at its index naming the field', async () => {
    const res = await send([
      { recipient_type: 'individual', to: ALICE, type: 'text', text: { body: 'batch one' } },
      { recipient_type: 'individual', to: '12', type: 'text', text: { body: 'bad number' } },
      { recipient_type: 'individual', to: BOB, type: 'text', text: { body: '' } },
      { recipient_type: 'individual', to: BOB, type: 'text', text: { body: 'batch four' } },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.map((r: any) => r.status)).toEqual(['success', 'error', 'error', 'success']);
    expect(res.body[1]).toEqual({ status: 'error', index: 1, message: expect.stringContaining('to') });
    expect(res.body[2].message).toContain('text.body');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.text === 'batch one' });
    await gw.sim.waitForSent(BOB, { pred: (m) => m.text === 'batch four' });
    expect(gw.sim.sent().some((m) => m.text === 'bad number')).toBe(false);
  });

  it('refuses more than 100 messages, a missing sessionId, bad JSON, a media id that does not exist', async () => {
    const item = { recipient_type: 'individual', to: ALICE, type: 'text', text: { body: 'x' } };
    expect((await send(Array(101).fill(item))).body).toEqual({ status: 'error', message: 'Maximum 100 messages per request' });
    const noSession = await gw.stack.json('POST', '/api/v1/messages', { body: item, headers: authA() });
    expect(noSession).toEqual({ status: 400, body: { status: 'error', message: 'sessionId query parameter is required' } });
    expect((await send('{"to":')).status).toBe(400);
    const missing = await send({ recipient_type: 'individual', to: ALICE, type: 'image', image: { id: '00000000-0000-4000-8000-000000000000.jpg' } });
    expect(missing.body[0]).toMatchObject({ status: 'error', message: expect.stringContaining('image.id') });
  });

  it('unknown or unconnected session → 404 with the original words', async () => {
    const res = await gw.stack.json('POST', '/api/v1/messages?sessionId=ghost', {
      body: { recipient_type: 'individual', to: ALICE, type: 'text', text: { body: 'x' } },
      headers: { 'x-master-key': gw.stack.masterKey },
    });
    expect(res).toEqual({ status: 404, body: { status: 'error', message: 'Session ghost not found or not connected.' } });
  });

  it('Idempotency-Key: a retried request answers the first result and sends once', async () => {
    const body = { recipient_type: 'individual', to: BOB, type: 'text', text: { body: 'only once please' } };
    const headers = { ...authA(), 'idempotency-key': 'order-1234' };
    const first = await send(body, headers);
    const second = await send(body, headers);
    expect(second.body).toEqual(first.body);
    await gw.sim.waitForSent(BOB, { pred: (m) => m.text === 'only once please' });
    // One row in the queue, so one send: the retried request added none.
    const rows = await gw.stack.host.db
      .select()
      .from(t.messages)
      .where(and(eq(t.messages.sessionId, 'alpha'), like(t.messages.payload, '%only once please%')));
    expect(rows.map((r) => r.waMessageId)).toEqual([first.body[0].messageId]);
    expect(gw.sim.sent(BOB).filter((m) => m.text === 'only once please')).toHaveLength(1);
    const reused = await send({ ...body, text: { body: 'different' } }, headers);
    expect(reused.status).toBe(409);
  });

  it('a number not on WhatsApp ends failed with the reason, reported by webhook', async () => {
    const res = await send({ recipient_type: 'individual', to: STRANGER, type: 'text', text: { body: 'hello?' } });
    const id = res.body[0].messageId;
    const hook = await receiver.waitFor((r) => r.body.event === 'message.status' && r.body.data.id === id && r.body.data.status === 'failed');
    expect(hook.body.data.error).toContain('not on WhatsApp');
    const [row] = await gw.stack.host.db.select().from(t.messages).where(eq(t.messages.waMessageId, id));
    expect(row).toMatchObject({ status: 'failed', error: `${STRANGER} is not on WhatsApp` });
  });

  it('delivery and read receipts become message.status events and the stored status', async () => {
    const res = await send({ recipient_type: 'individual', to: ALICE, type: 'text', text: { body: 'read me' } });
    const id = res.body[0].messageId;
    await receiver.waitFor((r) => r.body.event === 'message.status' && r.body.data.id === id && r.body.data.status === 'read');
    const [row] = await gw.stack.host.db.select().from(t.messages).where(eq(t.messages.waMessageId, id));
    expect(row!.status).toBe('read');
  });
});

describe('GET /api/v1/messages', () => {
  it('lists the session’s messages newest first with their status and failure reason, paged', async () => {
    // Its own messages: six to a contact and one to a number not on WhatsApp, which fails.
    const items = [
      ...Array.from({ length: 6 }, (_, i) => ({ recipient_type: 'individual', to: BOB, type: 'text', text: { body: `listed ${i}` } })),
      { recipient_type: 'individual', to: STRANGER, type: 'text', text: { body: 'listed x' } },
    ];
    const queued = await gw.stack.json('POST', '/api/v1/messages?sessionId=alpha', { body: items, headers: authA() });
    expect(queued.status).toBe(200);
    expect(queued.body.map((r: any) => r.status)).toEqual(items.map(() => 'success'));
    await expect
      .poll(
        async () =>
          (await gw.stack.json('GET', '/api/v1/messages?sessionId=alpha&limit=200', { headers: authA() })).body.messages.some(
            (m: any) => m.status === 'failed',
          ),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
    const first = await gw.stack.json('GET', '/api/v1/messages?sessionId=alpha&direction=out&limit=5', { headers: authA() });
    expect(first.status).toBe(200);
    expect(first.body.messages).toHaveLength(5);
    const ids = first.body.messages.map((m: any) => m.id);
    const rows = await gw.stack.host.db.select({ id: t.messages.id }).from(t.messages).where(eq(t.messages.sessionId, 'alpha'));
    expect(rows.length).toBeGreaterThan(5);
    const failed = (await gw.stack.json('GET', '/api/v1/messages?sessionId=alpha&limit=200', { headers: authA() })).body.messages.find(
      (m: any) => m.status === 'failed',
    );
    expect(failed).toMatchObject({ direction: 'out', remoteJid: `${STRANGER}@s.whatsapp.net`, error: `${STRANGER} is not on WhatsApp` });
    const next = await gw.stack.json('GET', `/api/v1/messages?sessionId=alpha&direction=out&limit=5&cursor=${first.body.nextCursor}`, { headers: authA() });
    expect(next.body.messages.map((m: any) => m.id).some((id: string) => ids.includes(id))).toBe(false);
  });

  it('another session’s token → 403; a bad limit → 400 naming it', async () => {
    expect((await gw.stack.json('GET', '/api/v1/messages?sessionId=beta', { headers: authA() })).status).toBe(403);
    const bad = await gw.stack.json('GET', '/api/v1/messages?sessionId=alpha&limit=0', { headers: authA() });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('limit');
  });
});

describe('DELETE /api/v1/message', () => {
  it('revokes for everyone: the contact sees a revoke of that id', async () => {
    const res = await send({ recipient_type: 'individual', to: BOB, type: 'text', text: { body: 'oops' } });
    const id = res.body[0].messageId;
    await gw.sim.waitForSent(BOB, { pred: (m) => m.id === id });
    const del = await gw.stack.json('DELETE', '/api/v1/message', {
      body: { sessionId: 'alpha', remoteJid: `${BOB}@s.whatsapp.net`, messageId: id },
      headers: authA(),
    });
    expect(del).toEqual({ status: 200, body: { status: 'success', message: `Attempted to delete message ${id}` } });
    const [revoke] = await gw.sim.waitForSent(BOB, { pred: (m) => m.kind === 'revoke' });
    expect(revoke!.revokedId).toBe(id);
  });

  it('missing fields → 400 with the original words', async () => {
    const res = await gw.stack.json('DELETE', '/api/v1/message', { body: { sessionId: 'alpha' }, headers: authA() });
    expect(res).toEqual({ status: 400, body: { status: 'error', message: 'sessionId, messageId, and remoteJid are required.' } });
  });
});

describe('session isolation', () => {
  it('a token of session A cannot send, revoke, read the webhook of or delete session B', async () => {
    const before = await messageRows();
    const sendB = await send({ recipient_type: 'individual', to: ALICE, type: 'text', text: { body: 'as B' } }, authA(), 'beta');
    expect(sendB.status).toBe(403);
    const revokeB = await gw.stack.json('DELETE', '/api/v1/message', {
      body: { sessionId: 'beta', remoteJid: `${ALICE}@s.whatsapp.net`, messageId: 'X' },
      headers: authA(),
    });
    expect(revokeB.status).toBe(403);
    expect((await gw.stack.json('GET', '/api/v1/webhook?sessionId=beta', { headers: authA() })).status).toBe(403);
    expect((await gw.stack.json('DELETE', '/api/v1/sessions/beta', { headers: authA() })).status).toBe(403);
    expect((await gw.stack.json('POST', '/api/v1/sessions/beta/pairing-code', { body: { phoneNumber: '6280000000002' }, headers: authA() })).status).toBe(403);
    // Nothing reached the send queue, so nothing can be sent later.
    expect(await messageRows()).toBe(before);
    const ok = await send(
      { recipient_type: 'individual', to: ALICE, type: 'text', text: { body: 'as B, rightly' } },
      { authorization: `Bearer ${tokenB}` },
      'beta',
    );
    expect(ok.status).toBe(200);
    const [sent] = await gw.sim.waitForSent(ALICE, { pred: (m) => m.text === 'as B, rightly' });
    expect(sent!.from).toBe('6280000000002');
  });
});
