// Every message kind beyond text, image and document, sent through POST /api/v1/messages (and
// PATCH for edits) by the real gateway: the simulated contact decrypts exactly what was asked
// (media bytes equal to the upload, coordinates, vCard text, poll options, reaction target,
// quoted id, mention JIDs, voice-note flag, edit target), and bad input is refused naming the field.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../shared/src/db/schema.js';
import { JPEG, MP3, MP4, OGG_OPUS, WEBP } from '../test-support/fixtures.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';

const SESSION = 'kinds';
const ME = '6280000000071';
/** One contact per test, so no test reads what another sent. */
const C = {
  video: '6287100000001',
  voice: '6287100000002',
  sticker: '6287100000003',
  location: '6287100000004',
  contacts: '6287100000005',
  poll: '6287100000006',
  react: '6287100000007',
  reply: '6287100000008',
  mention: '6287100000009',
  mentioned: '6287100000010',
  edit: '6287100000011',
  refused: '6287100000012',
  groupOwner: '6287100000013',
  groupMember: '6287100000014',
};
let gw: Gateway;
let token: string;
const auth = () => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  gw = await startGateway();
  for (const [name, phone] of Object.entries(C)) gw.sim.addContact(phone, { name });
  token = await gw.pairSession(SESSION, ME, 'Kinds Shop');
});
afterAll(async () => gw?.close());

const send = (body: unknown) => gw.stack.json('POST', `/api/v1/messages?sessionId=${SESSION}`, { body, headers: auth() });
const upload = async (bytes: Buffer, type: string, name: string) => (await gw.stack.upload(bytes, type, name, auth())).body.mediaId as string;

/** Sends one item (no recipient_type: the Cloud API default) and returns what the contact decrypted. */
async function sendAndRead(to: string, item: Record<string, unknown>) {
  const res = await send({ to, ...item });
  expect(res.status).toBe(200);
  expect(res.body[0]).toMatchObject({ status: 'success' });
  const id = res.body[0].messageId as string;
  const [m] = await gw.sim.waitForSent(to, { pred: (x) => x.id === id });
  return { m: m!, id };
}

/** Sends one item and returns its refusal message. */
async function refusal(item: Record<string, unknown>): Promise<string> {
  const res = await send(item);
  expect(res.status).toBe(200);
  expect(res.body[0].status).toBe('error');
  return res.body[0].message;
}

describe('media kinds', () => {
  it('video by mediaId: the contact decrypts the caption and the uploaded bytes', async () => {
    const id = await upload(MP4, 'video/mp4', 'clip.mp4');
    const { m } = await sendAndRead(C.video, { type: 'video', video: { id, caption: 'Our new shop' } });
    expect(m).toMatchObject({ kind: 'video', caption: 'Our new shop', mimetype: 'video/mp4' });
    expect(m.bytes!.equals(MP4)).toBe(true);
  });

  it('audio with voice: true is a voice note (ptt, OGG/Opus); without it, plain audio', async () => {
    const { m: voice } = await sendAndRead(C.voice, { type: 'audio', audio: { id: await upload(OGG_OPUS, 'audio/ogg', 'v.ogg'), voice: true } });
    expect(voice).toMatchObject({ kind: 'audio', ptt: true, mimetype: 'audio/ogg; codecs=opus' });
    expect(voice.bytes!.equals(OGG_OPUS)).toBe(true);
    const { m: song } = await sendAndRead(C.voice, { type: 'audio', audio: { id: await upload(MP3, 'audio/mpeg', 's.mp3') } });
    expect(song).toMatchObject({ kind: 'audio', mimetype: 'audio/mpeg' });
    expect(song.ptt).toBeUndefined();
    expect(song.bytes!.equals(MP3)).toBe(true);
  });

  it('sticker: the WebP arrives byte for byte', async () => {
    const { m } = await sendAndRead(C.sticker, { type: 'sticker', sticker: { id: await upload(WEBP, 'image/webp', 's.webp') } });
    expect(m).toMatchObject({ kind: 'sticker', mimetype: 'image/webp' });
    expect(m.bytes!.equals(WEBP)).toBe(true);
  });
});

describe('structured kinds', () => {
  it('location: exact coordinates, name and address; out-of-range coordinates are refused', async () => {
    const location = { latitude: -6.175392, longitude: 106.827153, name: 'Monas', address: 'Gambir, Jakarta Pusat' };
    const { m } = await sendAndRead(C.location, { type: 'location', location });
    expect(m).toMatchObject({ kind: 'location', location });
    expect(await refusal({ to: C.location, type: 'location', location: { latitude: 91, longitude: 0 } })).toBe(
      'location.latitude: latitude must be between -90 and 90',
    );
    expect(await refusal({ to: C.location, type: 'location', location: { latitude: 0, longitude: -181 } })).toBe(
      'location.longitude: longitude must be between -180 and 180',
    );
  });

  it('contacts: each Cloud API card arrives as its vCard text, special characters escaped', async () => {
    const contacts = [
      {
        name: { formatted_name: 'Budi; CEO', first_name: 'Budi', last_name: 'Santoso' },
        phones: [{ phone: '+62 812-3456-7890', type: 'CELL', wa_id: '6281234567890' }],
        emails: [{ email: 'budi@example.com', type: 'WORK' }],
        org: { company: 'Toko Budi, Tbk' },
      },
      { name: { formatted_name: 'Siti' }, phones: [{ phone: '+62 898 7654 3210' }] },
    ];
    const { m } = await sendAndRead(C.contacts, { type: 'contacts', contacts });
    expect(m.kind).toBe('contacts');
    expect(m.contacts).toEqual([
      {
        displayName: 'Budi; CEO',
        vcard: [
          'BEGIN:VCARD',
          'VERSION:3.0',
          'N:Santoso;Budi;;;',
          'FN:Budi\\; CEO',
          'ORG:Toko Budi\\, Tbk',
          'TEL;type=CELL;waid=6281234567890:+62 812-3456-7890',
          'EMAIL;type=WORK:budi@example.com',
          'END:VCARD',
        ].join('\n'),
      },
      { displayName: 'Siti', vcard: ['BEGIN:VCARD', 'VERSION:3.0', 'N:;;;;', 'FN:Siti', 'TEL;type=CELL:+62 898 7654 3210', 'END:VCARD'].join('\n') },
    ]);
  });

  it('poll: name, options and selectable count arrive; 1 or 13 options are refused naming poll.options', async () => {
    const { m } = await sendAndRead(C.poll, { type: 'poll', poll: { name: 'Which day?', options: ['Mon', 'Tue', 'Wed'], selectableCount: 2 } });
    expect(m).toMatchObject({ kind: 'poll', poll: { name: 'Which day?', options: ['Mon', 'Tue', 'Wed'], selectableCount: 2 } });
    const options = (n: number) => Array.from({ length: n }, (_, i) => `option ${i}`);
    expect(await refusal({ to: C.poll, type: 'poll', poll: { name: 'One', options: options(1) } })).toBe('poll.options: options must have 2 to 12 entries');
    expect(await refusal({ to: C.poll, type: 'poll', poll: { name: 'Many', options: options(13) } })).toBe('poll.options: options must have 2 to 12 entries');
  });
});

describe('messages that point at others', () => {
  it('reaction to a sent and to a received message names its target; "" removes it; an unknown id is refused', async () => {
    const { id: sentId } = await sendAndRead(C.react, { type: 'text', text: { body: 'New stock arrived' } });
    const { m } = await sendAndRead(C.react, { type: 'reaction', reaction: { message_id: sentId, emoji: '🔥' } });
    expect(m).toMatchObject({ kind: 'reaction', reactedId: sentId, text: '🔥' });
    const { m: removed } = await sendAndRead(C.react, { type: 'reaction', reaction: { message_id: sentId, emoji: '' } });
    expect(removed).toMatchObject({ kind: 'reaction', reactedId: sentId, text: '' });

    const incomingId = await gw.sim.sendFrom(C.react, { text: 'Is it open today?' }, { to: ME });
    await expect
      .poll(
        async () =>
          (
            await gw.stack.host.db
              .select()
              .from(t.messages)
              .where(and(eq(t.messages.sessionId, SESSION), eq(t.messages.waMessageId, incomingId)))
          ).length,
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    const { m: toIncoming } = await sendAndRead(C.react, { type: 'reaction', reaction: { message_id: incomingId, emoji: '👍' } });
    expect(toIncoming).toMatchObject({ kind: 'reaction', reactedId: incomingId, text: '👍' });

    expect(await refusal({ to: C.react, type: 'reaction', reaction: { message_id: '3EB0000000000000DEAD', emoji: '👍' } })).toBe(
      `reaction.message_id: message 3EB0000000000000DEAD is not a message this session sent to or received from ${C.react}`,
    );
  });

  it('context.message_id replies: the contact sees the quoted id; an unknown id is refused naming the field', async () => {
    const { id: original } = await sendAndRead(C.reply, { type: 'text', text: { body: 'Your order is ready' } });
    const { m } = await sendAndRead(C.reply, { type: 'text', text: { body: 'Pick-up until 5 pm' }, context: { message_id: original } });
    expect(m).toMatchObject({ kind: 'text', text: 'Pick-up until 5 pm', quotedId: original });
    const image = await upload(JPEG, 'image/jpeg', 'p.jpg');
    const { m: captioned } = await sendAndRead(C.reply, { type: 'image', image: { id: image, caption: 'this one' }, context: { message_id: original } });
    expect(captioned).toMatchObject({ kind: 'image', quotedId: original });
    expect(await refusal({ to: C.reply, type: 'text', text: { body: 'x' }, context: { message_id: 'NOTAMESSAGE' } })).toMatch(/^context\.message_id: /);
  });

  it('mentions become mentioned JIDs; a mention missing from the text is refused', async () => {
    const body = `Hi @${C.mentioned}, welcome!`;
    const { m } = await sendAndRead(C.mention, { type: 'text', text: { body }, mentions: [C.mentioned] });
    expect(m).toMatchObject({ kind: 'text', text: body, mentions: [`${C.mentioned}@s.whatsapp.net`] });
    expect(await refusal({ to: C.mention, type: 'text', text: { body: 'Hi all' }, mentions: [C.mentioned] })).toBe(
      `mentions: the text must contain @${C.mentioned} for each mentioned number`,
    );
  });
});

describe('in a group', () => {
  it('reacts to and replies to a member’s message (the key names the member), mentions a member', async () => {
    const group = gw.sim.createGroup('Pelanggan', { owner: C.groupOwner, members: [C.groupMember, ME] });
    const incomingId = await gw.sim.sendFrom(C.groupMember, { text: 'Ada stok?' }, { group: group.id });
    await expect
      .poll(async () => (await gw.stack.host.db.select().from(t.messages).where(eq(t.messages.waMessageId, incomingId)))[0]?.remoteJid, { timeout: 30_000 })
      .toBe(group.id);
    const inGroup = async (item: Record<string, unknown>) => {
      const res = await send({ recipient_type: 'group', to: group.id, ...item });
      expect(res.body[0]).toMatchObject({ status: 'success' });
      const [m] = await gw.sim.waitForSent(group.id, { pred: (x) => x.id === res.body[0].messageId });
      return m!;
    };
    const reaction = await inGroup({ type: 'reaction', reaction: { message_id: incomingId, emoji: '✅' } });
    expect(reaction).toMatchObject({ kind: 'reaction', reactedId: incomingId, text: '✅' });
    expect(reaction.message.reactionMessage?.key).toMatchObject({ fromMe: false, participant: `${C.groupMember}@s.whatsapp.net` });
    const reply = await inGroup({ type: 'text', text: { body: `Ada, @${C.groupMember}` }, context: { message_id: incomingId }, mentions: [C.groupMember] });
    expect(reply).toMatchObject({ kind: 'text', quotedId: incomingId, mentions: [`${C.groupMember}@s.whatsapp.net`] });
    // The quote names whose message it was: the member, not the group.
    expect(reply.message.extendedTextMessage?.contextInfo?.participant).toBe(`${C.groupMember}@s.whatsapp.net`);
    expect(reply.decryptedBy.sort()).toEqual([C.groupMember, C.groupOwner].sort());
  });
});

describe('PATCH /api/v1/messages/{messageId}', () => {
  const edit = (messageId: string, body: unknown) => gw.stack.json('PATCH', `/api/v1/messages/${messageId}?sessionId=${SESSION}`, { body, headers: auth() });

  it('edits a sent text: the contact gets a MESSAGE_EDIT of that id with the new text, sent under its own id', async () => {
    const { id } = await sendAndRead(C.edit, { type: 'text', text: { body: 'Sale ends Fridy' } });
    const res = await edit(id, { text: { body: 'Sale ends Friday' } });
    expect(res).toMatchObject({ status: 200, body: { status: 'success', editedMessageId: id, messageStatus: 'queued' } });
    const [m] = await gw.sim.waitForSent(C.edit, { pred: (x) => x.id === res.body.messageId });
    expect(m).toMatchObject({ kind: 'edit', editedId: id, text: 'Sale ends Friday' });
    // The edit is a queued send like any other: its row reaches sent (or further) under its own id.
    await expect
      .poll(async () => (await gw.stack.host.db.select().from(t.messages).where(eq(t.messages.waMessageId, res.body.messageId)))[0]?.status, {
        timeout: 30_000,
      })
      .toMatch(/^(sent|delivered|read)$/);
    expect(gw.sim.sent(C.edit).filter((x) => x.kind === 'edit')).toHaveLength(1);
  });

  it('an unknown id is 404, an image 400; nothing reaches the contact', async () => {
    expect(await edit('3EB0000000000000BEEF', { text: { body: 'x' } })).toMatchObject({
      status: 404,
      body: { status: 'error', message: expect.stringContaining('messageId') },
    });
    const image = await upload(JPEG, 'image/jpeg', 'e.jpg');
    const { id } = await sendAndRead(C.edit, { type: 'image', image: { id: image } });
    expect(await edit(id, { text: { body: 'x' } })).toMatchObject({
      status: 400,
      body: { status: 'error', message: `messageId: message ${id} is of type image; only text messages can be edited.` },
    });
    expect(gw.sim.sent(C.edit).some((x) => x.kind === 'edit' && x.editedId === id)).toBe(false);
  });
});

describe('uploads refused by kind', () => {
  it('media of the wrong kind for the message is refused naming the field, and nothing is sent', async () => {
    const jpeg = await upload(JPEG, 'image/jpeg', 'x.jpg');
    const mp3 = await upload(MP3, 'audio/mpeg', 'x.mp3');
    expect(await refusal({ to: C.refused, type: 'video', video: { id: jpeg } })).toBe('video.id: media is image/jpeg, not a video (MP4 or 3GP)');
    expect(await refusal({ to: C.refused, type: 'audio', audio: { id: mp3, voice: true } })).toBe('audio.voice: a voice note must be an OGG/Opus file');
    expect(await refusal({ to: C.refused, type: 'sticker', sticker: { id: jpeg } })).toBe('sticker.id: a sticker must be a WebP image, not image/jpeg');
    const marker = await sendAndRead(C.refused, { type: 'text', text: { body: 'marker' } });
    expect(gw.sim.sent(C.refused).map((x) => x.id)).toEqual([marker.id]);
  });
});
