// The inbox's API on the whole gateway (edge in workerd, host with Baileys, the protocol simulator):
// what contacts send becomes chats with unread counts and readable contents, a reply through the
// normal queue becomes the chat's last message, a read receipt resets the count, a group chat is
// named by its subject, a LID-only contact's chat merges into its number's; refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngImage } from '../test-support/fixtures.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';

let gw: Gateway;
let headers: Record<string, string>;
const ACCOUNT = '6280000000501';
const DEWI = '6281355550001';
const EKO = '6281355550002';
const FITRI = '6281355550003';
const GITA = '6281355550004';
const HADI = '6281355550005';
const jid = (phone: string) => `${phone}@s.whatsapp.net`;

beforeAll(async () => {
  gw = await startGateway();
  for (const [phone, name] of [
    [DEWI, 'Dewi'],
    [EKO, 'Eko'],
    [FITRI, 'Fitri'],
    [GITA, 'Gita'],
    [HADI, 'Hadi'],
  ] as const)
    gw.sim.addContact(phone, { name });
  headers = { authorization: `Bearer ${await gw.pairSession('inbox-api', ACCOUNT, 'Toko Inbox')}` };
});
afterAll(async () => gw?.close());

const chats = (query = '', auth = headers) => gw.stack.json('GET', `/api/v1/sessions/inbox-api/chats${query}`, { headers: auth });
const chatOf = async (phone: string) => (await chats()).body.chats.find((c: { chatId: string }) => c.chatId === jid(phone));

describe('GET /api/v1/sessions/{sessionId}/chats on the real gateway', () => {
  it("lists what contacts sent with their names and unread counts; a chat's messages carry the stored image", async () => {
    const image = pngImage(40, 30);
    await gw.sim.sendFrom(DEWI, { text: 'Pesan dua' });
    const photo = await gw.sim.sendFrom(DEWI, { image: { bytes: image, mimetype: 'image/png', caption: 'ini fotonya' } });
    // A contact writing over its LID is still one chat under its number.
    await gw.sim.sendFrom(EKO, { text: 'lewat LID' }, { addressing: 'lid' });
    await expect.poll(async () => (await chatOf(EKO))?.unreadCount, { timeout: 30_000, interval: 100 }).toBe(1);
    await expect.poll(async () => (await chatOf(DEWI))?.unreadCount, { timeout: 30_000, interval: 100 }).toBe(2);

    const dewi = await chatOf(DEWI);
    expect(dewi).toMatchObject({
      phone: DEWI,
      name: 'Dewi',
      lastMessage: { id: photo, direction: 'in', type: 'imageMessage', content: { kind: 'image', text: 'ini fotonya', media: { mimetype: 'image/png' } } },
    });
    expect(await chatOf(EKO)).toMatchObject({ phone: EKO, name: 'Eko', lastMessage: { content: { kind: 'text', text: 'lewat LID' } } });

    const conversation = await gw.stack.json('GET', `/api/v1/messages?sessionId=inbox-api&chatId=${DEWI}`, { headers });
    expect(conversation.body.messages.map((m: { content: { text: string } }) => m.content.text)).toEqual(['ini fotonya', 'Pesan dua']);
    const stored = await gw.stack.fetch(`/api/v1/media/${dewi.lastMessage.content.media.mediaId}`);
    expect(Buffer.compare(Buffer.from(await stored.arrayBuffer()), image)).toBe(0);
  });

  it('a reply through POST /messages becomes the last message; reading the chat resets its unread count', async () => {
    const last = await gw.sim.sendFrom(FITRI, { text: 'Ada stok?' });
    await expect.poll(async () => (await chatOf(FITRI))?.unreadCount, { timeout: 30_000, interval: 100 }).toBe(1);
    const sent = await gw.stack.json('POST', '/api/v1/messages?sessionId=inbox-api', {
      body: { to: FITRI, type: 'text', text: { body: 'Ada, kak' } },
      headers,
    });
    expect(sent.body[0].status).toBe('success');
    const [reply] = await gw.sim.waitForSent(FITRI);
    expect(reply!.text).toBe('Ada, kak');
    expect(await chatOf(FITRI)).toMatchObject({
      unreadCount: 1,
      lastMessage: { id: sent.body[0].messageId, direction: 'out', content: { kind: 'text', text: 'Ada, kak' } },
    });
    expect((await chats()).body.chats[0].chatId).toBe(jid(FITRI));

    const read = await gw.stack.json('POST', '/api/v1/chats/read', { body: { sessionId: 'inbox-api', chatId: FITRI, upTo: last }, headers });
    expect(read.status).toBe(200);
    await gw.sim.waitForReadReceipt(FITRI, last);
    expect((await chatOf(FITRI)).unreadCount).toBe(0);
  });

  it('pages hold every chat once', async () => {
    await gw.sim.sendFrom(GITA, { text: 'satu' });
    await gw.sim.sendFrom(HADI, { text: 'dua' });
    await expect.poll(async () => Boolean((await chatOf(GITA)) && (await chatOf(HADI))), { timeout: 30_000, interval: 100 }).toBe(true);
    const all = (await chats('?limit=200')).body.chats.map((c: { chatId: string }) => c.chatId);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { chats: { chatId: string }[]; nextCursor: string | null } } = await chats(
        `?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.chats).toHaveLength(1);
      paged.push(page.body.chats[0]!.chatId);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all.length).toBeGreaterThanOrEqual(2);
  });

  it('a group chat is named by its subject, and renamed when the subject changes', async () => {
    const ika = gw.sim.addContact('6281355550006', { name: 'Ika' });
    // made on the simulator side: the account hears of the group first by a member's message
    const group = gw.sim.createGroup('Arisan RT 05', { owner: ika.phone, members: [ACCOUNT] }).id;
    const groupChat = async () => (await chats()).body.chats.find((c: { chatId: string }) => c.chatId === group);
    await gw.sim.sendFrom(ika.phone, { text: 'Halo semua' }, { group });
    await expect.poll(async () => (await groupChat())?.name, { timeout: 30_000, interval: 100 }).toBe('Arisan RT 05');
    expect(await groupChat()).toMatchObject({ phone: null, unreadCount: 1, lastMessage: { content: { text: 'Halo semua' } } });

    gw.sim.updateGroup(group, ika.phone, { subject: 'Arisan RT 05 (2027)' });
    await expect.poll(async () => (await groupChat())?.name, { timeout: 30_000, interval: 100 }).toBe('Arisan RT 05 (2027)');
  });

  it('a contact known only by its LID has a chat of its own until its number is known; then one chat under the number', async () => {
    const joko = gw.sim.addContact('6281355550007', { name: 'Joko' });
    const chatIds = async () => (await chats()).body.chats.map((c: { chatId: string }) => c.chatId);
    const first = await gw.sim.sendFrom(joko.phone, { text: 'tanpa nomor' }, { addressing: 'lid-only' });
    await expect.poll(chatIds, { timeout: 30_000, interval: 100 }).toContain(joko.lid);
    expect(await chatIds()).not.toContain(jid(joko.phone));

    // The account's phone tells its devices who the LID is: the LID chat becomes the number's.
    await gw.sim.pushLidMapping([joko.phone]);
    await expect.poll(async () => (await chatOf(joko.phone))?.lastMessage.id, { timeout: 30_000, interval: 100 }).toBe(first);
    expect(await chatIds()).not.toContain(joko.lid);
    // Later messages over the bare LID go to the number's chat too.
    const second = await gw.sim.sendFrom(joko.phone, { text: 'masih tanpa nomor' }, { addressing: 'lid-only' });
    await expect.poll(async () => (await chatOf(joko.phone))?.lastMessage.id, { timeout: 30_000, interval: 100 }).toBe(second);
    expect(await chatOf(joko.phone)).toMatchObject({ phone: joko.phone, name: 'Joko', unreadCount: 2 });
    expect(await chatIds()).not.toContain(joko.lid);
    const conversation = await gw.stack.json('GET', `/api/v1/messages?sessionId=inbox-api&chatId=${joko.phone}`, { headers });
    expect(conversation.body.messages.map((m: { id: string }) => m.id)).toEqual([second, first]);
  });

  it('refuses bad paging and other callers clearly', async () => {
    const bad = await chats('?limit=500');
    expect(bad).toMatchObject({ status: 400, body: { status: 'error' } });
    expect(JSON.stringify(bad.body)).toContain('limit must be at most 200');
    expect((await chats('?cursor=-1')).status).toBe(400);
    const other = await gw.stack.createSession('inbox-api-other');
    const refused = await chats('', { authorization: `Bearer ${other}` });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(DEWI);
    expect((await chats('', {})).status).toBe(401);
    expect((await gw.stack.json('GET', '/api/v1/sessions/inbox-nope/chats', { headers: { 'x-master-key': gw.stack.masterKey } })).status).toBe(404);
    const badChat = await gw.stack.json('GET', '/api/v1/messages?sessionId=inbox-api&chatId=not-a-chat', { headers });
    expect(badChat.status).toBe(400);
    expect(JSON.stringify(badChat.body)).toContain('chatId');
  });
});
