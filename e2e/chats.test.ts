// Read receipts and presence through the gateway: the simulated contact records what the real
// Baileys socket sent for the API request, and nothing else.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../shared/src/db/schema.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';

let gw: Gateway;
let token: string;
let idleToken: string;
const ACCOUNT = '6280000000031';
const READER = '6281300000001';
const UPTO = '6281300000002';
const TYPIST = '6281300000003';
const auth = (bearer = token) => ({ authorization: `Bearer ${bearer}` });
const post = (path: string, body: unknown, headers: Record<string, string> = auth()) => gw.stack.json('POST', `/api/v1/chats/${path}`, { body, headers });

beforeAll(async () => {
  gw = await startGateway();
  for (const [phone, name] of [
    [READER, 'Reader'],
    [UPTO, 'Upto'],
    [TYPIST, 'Typist'],
  ]) {
    gw.sim.addContact(phone!, { name });
  }
  token = await gw.pairSession('chats', ACCOUNT, 'Chat Shop');
  // Never paired: it exists but is not connected.
  const idle = await gw.stack.json('POST', '/api/v1/sessions', { body: { sessionId: 'chats-idle' }, headers: { 'x-master-key': gw.stack.masterKey } });
  idleToken = idle.body.token;
});
afterAll(async () => gw?.close());

/** Waits until the gateway stored the contact's message (the row a read request looks up). */
async function storedIncoming(id: string): Promise<void> {
  const rows = () =>
    gw.stack.host.db
      .select({ id: t.messages.id })
      .from(t.messages)
      .where(and(eq(t.messages.waMessageId, id), eq(t.messages.direction, 'in')));
  await expect.poll(async () => (await rows()).length, { timeout: 30_000, interval: 50 }).toBe(1);
}

describe('POST /api/v1/chats/read', () => {
  it('sends a read receipt for exactly the message named', async () => {
    const first = await gw.sim.sendFrom(READER, { text: 'first' });
    const second = await gw.sim.sendFrom(READER, { text: 'second' });
    await storedIncoming(second);
    const res = await post('read', { sessionId: 'chats', chatId: READER, messageIds: [second] });
    expect(res).toEqual({
      status: 200,
      body: { status: 'success', message: `Marked 1 message(s) read in ${READER}@s.whatsapp.net.`, chatId: `${READER}@s.whatsapp.net`, messageIds: [second] },
    });
    const receipt = await gw.sim.waitForReadReceipt(READER, second);
    expect(receipt).toMatchObject({ account: ACCOUNT, chat: `${READER}@s.whatsapp.net`, ids: [second], type: 'read' });
    expect(gw.sim.readReceipts(READER).flatMap((r) => r.ids)).not.toContain(first);
  });

  it('upTo reads every message the chat received up to that one, and no later one; the chat may be a formatted number', async () => {
    const ids: string[] = [];
    for (const text of ['one', 'two']) ids.push(await gw.sim.sendFrom(UPTO, { text }));
    await storedIncoming(ids[0]!);
    await storedIncoming(ids[1]!);
    // The gateway may store two quick messages in either order: "up to" is the order it received them in.
    const [, latest] = (
      await gw.stack.host.db
        .select({ waMessageId: t.messages.waMessageId })
        .from(t.messages)
        .where(eq(t.messages.remoteJid, `${UPTO}@s.whatsapp.net`))
        .orderBy(t.messages.id)
    ).map((row) => row.waMessageId);
    const res = await post('read', { sessionId: 'chats', chatId: '+62 813-0000-0002', upTo: latest });
    expect(res.status).toBe(200);
    expect([...res.body.messageIds].sort()).toEqual([...ids].sort());
    const receipt = await gw.sim.waitForReadReceipt(UPTO, latest!);
    expect([...receipt.ids].sort()).toEqual([...ids].sort());

    const later = await gw.sim.sendFrom(UPTO, { text: 'three' });
    await storedIncoming(later);
    const again = await post('read', { sessionId: 'chats', chatId: UPTO, upTo: latest });
    expect([...again.body.messageIds].sort()).toEqual([...ids].sort());
    await expect.poll(() => gw.sim.readReceipts(UPTO).length, { timeout: 30_000, interval: 50 }).toBe(2);
    expect(gw.sim.readReceipts(UPTO).flatMap((r) => r.ids)).not.toContain(later);

    const unknown = await post('read', { sessionId: 'chats', chatId: UPTO, upTo: '3EB0NOTRECEIVED' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(`upTo: no message 3EB0NOTRECEIVED was received in chat ${UPTO}@s.whatsapp.net.`);
  });
});

describe('POST /api/v1/chats/presence', () => {
  it('typing shows as composing, then paused, in that chat only', async () => {
    expect(await post('presence', { sessionId: 'chats', chatId: TYPIST, presence: 'composing' })).toEqual({
      status: 200,
      body: { status: 'success', message: `Sent composing to ${TYPIST}@s.whatsapp.net.` },
    });
    await post('presence', { sessionId: 'chats', chatId: `${TYPIST}@s.whatsapp.net`, presence: 'recording' });
    await post('presence', { sessionId: 'chats', chatId: TYPIST, presence: 'paused' });
    const states = await gw.sim.waitForChatStates(TYPIST, { count: 3 });
    expect(states.map((s) => [s.account, s.state])).toEqual([
      [ACCOUNT, 'composing'],
      [ACCOUNT, 'recording'],
      [ACCOUNT, 'paused'],
    ]);
    expect(gw.sim.chatStates(READER)).toEqual([]);
  });

  it('available and unavailable set the account’s own presence', async () => {
    const before = gw.sim.presences(ACCOUNT).length;
    const res = await post('presence', { sessionId: 'chats', presence: 'unavailable' });
    expect(res.body).toEqual({ status: 'success', message: 'Session chats is now unavailable.' });
    expect(await gw.sim.waitForPresence(ACCOUNT, 'unavailable', { after: before })).toMatchObject({ name: 'Chat Shop' });
    await post('presence', { sessionId: 'chats', presence: 'available' });
    await gw.sim.waitForPresence(ACCOUNT, 'available', { after: before });
  });
});

describe('refusals', () => {
  it.each([
    ['read', { sessionId: 'chats', chatId: READER }, 'messageIds', 'give messageIds or upTo (exactly one of them)'],
    ['read', { sessionId: 'chats', chatId: READER, messageIds: ['A'], upTo: 'B' }, 'messageIds', 'give messageIds or upTo (exactly one of them)'],
    ['read', { sessionId: 'chats', chatId: READER, messageIds: [] }, 'messageIds', 'messageIds must not be empty'],
    ['read', { sessionId: 'chats', messageIds: ['A'] }, 'chatId', 'chatId is required'],
    ['read', { sessionId: 'chats', chatId: 'the shop', messageIds: ['A'] }, 'chatId', 'chatId must be a phone number'],
    ['presence', { sessionId: 'chats', presence: 'composing' }, 'chatId', 'chatId is required for composing'],
    [
      'presence',
      { sessionId: 'chats', presence: 'typing', chatId: TYPIST },
      'presence',
      'presence must be composing, recording, paused, available or unavailable',
    ],
    ['presence', { sessionId: 'chats', presence: 'available', chatId: TYPIST }, 'chatId', 'chatId must not be given for available'],
  ])('%s %j → 400 naming %s', async (path, body, field, message) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
    expect(res.body.details[0].path).toBe(field);
  });

  it('a national-format chat without a default country is a 400 naming chatId', async () => {
    const res = await post('presence', { sessionId: 'chats', presence: 'composing', chatId: '0813-0000-0003' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^chatId "0813-0000-0003" is in national format/);
    expect(res.body.details).toEqual([{ path: 'chatId', message: res.body.message }]);
  });

  it('a session that is not connected is 404; another session’s token is 403; nothing reaches WhatsApp', async () => {
    const statesBefore = gw.sim.chatStates().length;
    const idle = await post('presence', { sessionId: 'chats-idle', chatId: TYPIST, presence: 'composing' }, auth(idleToken));
    expect(idle).toEqual({ status: 404, body: { status: 'error', message: 'Session chats-idle not found or not connected.' } });
    const idleRead = await post('read', { sessionId: 'chats-idle', chatId: READER, messageIds: ['A'] }, { 'x-master-key': gw.stack.masterKey });
    expect(idleRead.status).toBe(404);
    const foreign = await post('presence', { sessionId: 'chats', chatId: TYPIST, presence: 'composing' }, auth(idleToken));
    expect(foreign.status).toBe(403);
    expect((await post('read', { sessionId: 'chats', chatId: READER, messageIds: ['A'] }, auth(idleToken))).status).toBe(403);
    expect((await post('read', { sessionId: 'chats', chatId: READER, messageIds: ['A'] }, {})).status).toBe(401);
    // A marker after the refusals: once it is recorded, a refused one would have been too.
    await post('presence', { sessionId: 'chats', chatId: READER, presence: 'paused' });
    await gw.sim.waitForChatStates(READER, { count: 1 });
    expect(
      gw.sim
        .chatStates()
        .slice(statesBefore)
        .map((s) => s.contact),
    ).toEqual([READER]);
  });
});
