// What the session host hands Baileys for each new kind, built from a stored payload: the keys of
// messages it points at come from the stored rows (real libSQL), stickers are held to WhatsApp's
// limits, and a target that is gone fails the send at once naming the field.
import { existsSync, readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../shared/src/api/messages.js';
import { eq } from 'drizzle-orm';
import { messages, polls } from '../../../shared/src/db/schema.js';
import type { MediaStore } from '../../../shared/src/storage/media-store.js';
import { MP3, OGG_OPUS, PDF, WEBP, WEBP_ANIMATED } from '../../../test-support/fixtures.js';
import { startDb, type DbFixture } from '../webhooks/test-helpers.js';
import { MessageContentBuilder } from './message-content.js';
import { MessageRefs } from './message-refs.js';
import { PollVotes } from '../events/poll-votes.js';
import { PermanentSendError } from './send-errors.js';

const SESSION = 'content-unit';
const CHAT = '6281234567890@s.whatsapp.net';
const GROUP = '120363000000000001@g.us';
let fx: DbFixture;
let builder: MessageContentBuilder;
const objects = new Map<string, { bytes: Uint8Array; type: string }>();

/** An in-memory bucket: what the builder reads by mediaId. */
const store: MediaStore = {
  put: async (key, bytes, type) => void objects.set(key, { bytes, type }),
  putStream: async () => {},
  get: async (key) => {
    const hit = objects.get(key);
    return hit ? { body: new Blob([Buffer.from(hit.bytes)]).stream(), contentType: hit.type, size: hit.bytes.length } : null;
  },
  delete: async (key) => void objects.delete(key),
  reachable: async () => {},
};

beforeAll(async () => {
  fx = await startDb();
  builder = new MessageContentBuilder(store, { timeoutMs: 1_000, allowPrivateNetwork: false }, new MessageRefs(fx.db));
  const row = (waMessageId: string, direction: 'out' | 'in', remoteJid: string, payload: unknown) => ({
    sessionId: SESSION,
    waMessageId,
    direction,
    remoteJid,
    type: 'text',
    payload: JSON.stringify(payload),
    status: direction === 'out' ? 'sent' : 'received',
  });
  await fx.db
    .insert(messages)
    .values([
      row('OUT1', 'out', CHAT, { to: '6281234567890', type: 'text', text: { body: 'our words' } }),
      row('IN1', 'in', CHAT, { id: 'IN1', from: CHAT, text: 'their words', type: 'conversation' }),
      row('GIN1', 'in', GROUP, { id: 'GIN1', from: GROUP, participant: '6289876543210@s.whatsapp.net', text: 'in the group', type: 'conversation' }),
    ]);
  for (const [id, bytes, type] of [
    ['voice.ogg', OGG_OPUS, 'audio/ogg'],
    ['report.pdf', PDF, 'application/pdf'],
    ['song.mp3', MP3, 'audio/mpeg'],
    ['still.webp', WEBP, 'image/webp'],
    ['big-still.webp', Buffer.concat([WEBP, Buffer.alloc(100 * 1024)]), 'image/webp'],
    ['big-animated.webp', Buffer.concat([WEBP_ANIMATED, Buffer.alloc(300 * 1024)]), 'image/webp'],
    ['huge-animated.webp', Buffer.concat([WEBP_ANIMATED, Buffer.alloc(500 * 1024)]), 'image/webp'],
  ] as const)
    await store.put(id, bytes, type);
});
afterAll(async () => fx?.close());

const build = (item: Record<string, unknown>, remoteJid = CHAT) =>
  builder.build({ recipient_type: 'individual', to: '6281234567890', ...item } as OutgoingMessage, { sessionId: SESSION, remoteJid });

describe('MessageContentBuilder', () => {
  it('reaction: the key of a sent message is fromMe, of a received group message names its sender', async () => {
    expect((await build({ type: 'reaction', reaction: { message_id: 'OUT1', emoji: '👍' } })).content).toEqual({
      react: { text: '👍', key: { remoteJid: CHAT, fromMe: true, id: 'OUT1' } },
    });
    const group = await build({ recipient_type: 'group', type: 'reaction', reaction: { message_id: 'GIN1', emoji: '' } }, GROUP);
    expect(group.content).toEqual({ react: { text: '', key: { remoteJid: GROUP, fromMe: false, id: 'GIN1', participant: '6289876543210@s.whatsapp.net' } } });
  });

  it('a reply quotes the stored words of its target; mentions become JIDs', async () => {
    const reply = await build({ type: 'text', text: { body: 'hi @6289876543210' }, context: { message_id: 'IN1' }, mentions: ['6289876543210'] });
    expect(reply.content).toEqual({ text: 'hi @6289876543210', mentions: ['6289876543210@s.whatsapp.net'] });
    expect(reply.quoted).toEqual({ key: { remoteJid: CHAT, fromMe: false, id: 'IN1' }, message: { conversation: 'their words' } });
    expect((await build({ type: 'text', text: { body: 're' }, context: { message_id: 'OUT1' } })).quoted?.message).toEqual({ conversation: 'our words' });
  });

  it('an edit is the new text with the edited message’s key', async () => {
    const edit = await builder.build(
      { type: 'edit', to: CHAT, edit: { message_id: 'OUT1', text: { body: 'better words' } } },
      { sessionId: SESSION, remoteJid: CHAT },
    );
    expect(edit.content).toEqual({ text: 'better words', edit: { remoteJid: CHAT, fromMe: true, id: 'OUT1' } });
  });

  it('a target that is not there (or in another chat) fails the send at once, naming the field', async () => {
    await expect(build({ type: 'reaction', reaction: { message_id: 'GONE', emoji: '👍' } })).rejects.toThrow(
      new PermanentSendError('reaction.message_id: message GONE is not known in this chat'),
    );
    await expect(build({ type: 'text', text: { body: 'x' }, context: { message_id: 'GIN1' } })).rejects.toThrow(/^context\.message_id: /);
  });

  it('a document goes to Baileys as a private temporary file that release() removes, also when the build fails', async () => {
    const doc = await build({ type: 'document', document: { id: 'report.pdf', filename: 'Report.pdf' } });
    const path = (doc.content as { document: { url: string } }).document.url;
    expect(doc.content).toMatchObject({ mimetype: 'application/pdf', fileName: 'Report.pdf' });
    expect((await readFile(path)).equals(PDF)).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await doc.release!();
    expect(existsSync(dirname(path))).toBe(false);

    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('wag-send-'));
    await expect(build({ type: 'document', document: { id: 'report.pdf' }, context: { message_id: 'GONE' } })).rejects.toThrow(/context\.message_id/);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('wag-send-') && !before.includes(name))).toEqual([]);
  });

  it('voice notes go out as OGG/Opus with ptt; plain audio keeps its type', async () => {
    const voice = await build({ type: 'audio', audio: { id: 'voice.ogg', voice: true } });
    expect(voice.content).toMatchObject({ ptt: true, mimetype: 'audio/ogg; codecs=opus' });
    expect(Buffer.from((voice.content as { audio: Buffer }).audio).equals(OGG_OPUS)).toBe(true);
    expect((await build({ type: 'audio', audio: { id: 'song.mp3' } })).content).toMatchObject({ mimetype: 'audio/mpeg' });
  });

  it('stickers: still up to 100 KB, animated up to 500 KB, WebP only', async () => {
    expect((await build({ type: 'sticker', sticker: { id: 'still.webp' } })).content).toMatchObject({ mimetype: 'image/webp' });
    expect((await build({ type: 'sticker', sticker: { id: 'big-animated.webp' } })).content).toMatchObject({ mimetype: 'image/webp' });
    await expect(build({ type: 'sticker', sticker: { id: 'big-still.webp' } })).rejects.toThrow('sticker: a still sticker must be at most 100 KB');
    await expect(build({ type: 'sticker', sticker: { id: 'huge-animated.webp' } })).rejects.toThrow('sticker: an animated sticker must be at most 500 KB');
    await expect(build({ type: 'sticker', sticker: { id: 'song.mp3' } })).rejects.toThrow('sticker: not a WebP image');
  });

  it('location, contacts and polls map to Baileys’ content', async () => {
    expect((await build({ type: 'location', location: { latitude: -6.2, longitude: 106.8, name: 'Monas' } })).content).toEqual({
      location: { degreesLatitude: -6.2, degreesLongitude: 106.8, name: 'Monas', address: undefined },
    });
    const two = await build({ type: 'contacts', contacts: [{ name: { formatted_name: 'A' } }, { name: { formatted_name: 'B' } }] });
    expect(two.content).toMatchObject({ contacts: { displayName: '2 contacts', contacts: [{ displayName: 'A' }, { displayName: 'B' }] } });
    expect((await build({ type: 'poll', poll: { name: 'Q', options: ['a', 'b'], selectableCount: 1 } })).content).toEqual({
      poll: { name: 'Q', values: ['a', 'b'], selectableCount: 1 },
    });
  });

  it("a poll's secret is remembered under its id before it is sent, and a resend keeps the first one", async () => {
    const withPolls = new MessageContentBuilder(store, { timeoutMs: 1_000, allowPrivateNetwork: false }, new MessageRefs(fx.db), new PollVotes(fx.db));
    const item = { recipient_type: 'group', to: GROUP, type: 'poll', poll: { name: 'Jam?', options: ['9', '10'], selectableCount: 1 } } as OutgoingMessage;
    const ctx = { sessionId: SESSION, remoteJid: GROUP, messageId: 'POLL1', accountJids: ['6280000000001@s.whatsapp.net', '111@lid'] };
    const first = (await withPolls.build(item, ctx)).content as { poll: { messageSecret: Uint8Array } };
    expect(first.poll.messageSecret).toHaveLength(32);
    const [row] = await fx.db.select().from(polls).where(eq(polls.waMessageId, 'POLL1'));
    expect(row).toMatchObject({ sessionId: SESSION, question: 'Jam?', secret: Buffer.from(first.poll.messageSecret).toString('base64') });
    expect(JSON.parse(row!.creatorJids)).toEqual(ctx.accountJids);
    const again = (await withPolls.build(item, ctx)).content as { poll: { messageSecret: Uint8Array } };
    expect(Buffer.from(again.poll.messageSecret).equals(Buffer.from(first.poll.messageSecret))).toBe(true);
  });
});
