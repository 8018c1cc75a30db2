// What POST /messages and PATCH /messages/{id} refuse before anything is queued, judged against
// the stored rows: reactions and replies to messages this session does not know in that chat,
// media of the wrong kind for a video, voice note or sticker, and edits of unknown or non-text
// messages. Each refusal names the field; nothing refused reaches the queue.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, sessions } from '../../../../shared/src/db/schema.js';
import { JPEG, MP3, MP4, WEBP } from '../../../../test-support/fixtures.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let edge: UnitEdge;
beforeAll(async () => {
  edge = await startUnitEdge();
});
afterAll(async () => edge?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const CHAT = '6281234567890';
const OTHER_CHAT = '6281234567899';

/** A connected session with one sent text, one sent image and one received text in CHAT. */
async function sessionWithHistory(sessionId: string) {
  const token = await edge.createSession(sessionId);
  await edge.db.update(sessions).set({ status: 'CONNECTED' }).where(eq(sessions.id, sessionId));
  const row = (waMessageId: string, direction: 'out' | 'in', type: string, status: string) => ({
    sessionId,
    waMessageId,
    direction,
    remoteJid: `${CHAT}@s.whatsapp.net`,
    type,
    payload: '{}',
    status,
  });
  await edge.db
    .insert(messages)
    .values([
      row(`${sessionId}-TEXT`, 'out', 'text', 'delivered'),
      row(`${sessionId}-IMAGE`, 'out', 'image', 'sent'),
      row(`${sessionId}-IN`, 'in', 'text', 'received'),
      row(`${sessionId}-FAILED`, 'out', 'text', 'failed'),
    ]);
  const send = (body: unknown) => edge.json('POST', `/api/v1/messages?sessionId=${sessionId}`, { body, headers: bearer(token) });
  const edit = (messageId: string, body: unknown = { text: { body: 'new text' } }, headers: Record<string, string> = bearer(token)) =>
    edge.json('PATCH', `/api/v1/messages/${messageId}?sessionId=${sessionId}`, { body, headers });
  const rows = () => edge.db.select().from(messages).where(eq(messages.sessionId, sessionId));
  return { token, send, edit, rows };
}

describe('reactions and replies point at known messages', () => {
  it('react to a sent or a received message of that chat: queued; unknown, failed or other-chat ids: refused naming the field', async () => {
    const s = await sessionWithHistory('kinds-react');
    const react = (to: string, message_id: string) => ({ to, type: 'reaction', reaction: { message_id, emoji: '👍' } });
    const res = await s.send([
      react(CHAT, 'kinds-react-TEXT'),
      react(CHAT, 'kinds-react-IN'),
      react(CHAT, 'NOPE123'),
      react(OTHER_CHAT, 'kinds-react-TEXT'),
      react(CHAT, 'kinds-react-FAILED'),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.map((r: any) => r.status)).toEqual(['success', 'success', 'error', 'error', 'error']);
    expect(res.body[2].message).toBe(`reaction.message_id: message NOPE123 is not a message this session sent to or received from ${CHAT}`);
    expect(res.body[3].message).toContain('reaction.message_id');
    expect(res.body[4].message).toContain('reaction.message_id');
    const queued = (await s.rows()).filter((r) => r.type === 'reaction');
    expect(queued.map((r) => JSON.parse(r.payload).reaction.message_id)).toEqual(['kinds-react-TEXT', 'kinds-react-IN']);
  });

  it('a reply (context.message_id) to an unknown message is refused naming context.message_id; a known one is queued', async () => {
    const s = await sessionWithHistory('kinds-reply');
    const reply = (message_id: string) => ({ to: CHAT, type: 'text', text: { body: 're' }, context: { message_id } });
    const res = await s.send([reply('kinds-reply-IN'), reply('UNKNOWN1')]);
    expect(res.body[0]).toMatchObject({ status: 'success' });
    expect(res.body[1]).toMatchObject({ status: 'error', message: expect.stringMatching(/^context\.message_id: message UNKNOWN1 is not/) });
  });

  it('another session cannot point at this session’s messages', async () => {
    await sessionWithHistory('kinds-owner');
    const s = await sessionWithHistory('kinds-stranger');
    const res = await s.send({ to: CHAT, type: 'reaction', reaction: { message_id: 'kinds-owner-TEXT', emoji: '👍' } });
    expect(res.body[0]).toMatchObject({ status: 'error', message: expect.stringContaining('reaction.message_id') });
  });
});

describe('media kinds are checked against the upload', () => {
  it('video needs a video, a voice note an OGG file, a sticker a WebP; the right ones are queued', async () => {
    const s = await sessionWithHistory('kinds-media');
    const auth = bearer(s.token);
    const jpeg = (await edge.upload(JPEG, 'image/jpeg', 'a.jpg', auth)).body.mediaId;
    const mp3 = (await edge.upload(MP3, 'audio/mpeg', 'a.mp3', auth)).body.mediaId;
    const mp4 = (await edge.upload(MP4, 'video/mp4', 'a.mp4', auth)).body.mediaId;
    const webp = (await edge.upload(WEBP, 'image/webp', 'a.webp', auth)).body.mediaId;
    const res = await s.send([
      { to: CHAT, type: 'video', video: { id: jpeg } },
      { to: CHAT, type: 'audio', audio: { id: mp3, voice: true } },
      { to: CHAT, type: 'sticker', sticker: { id: jpeg } },
      { to: CHAT, type: 'audio', audio: { id: mp4 } },
      { to: CHAT, type: 'video', video: { id: mp4, caption: 'ok' } },
      { to: CHAT, type: 'audio', audio: { id: mp3 } },
      { to: CHAT, type: 'sticker', sticker: { id: webp } },
    ]);
    expect(res.body.map((r: any) => r.message)).toEqual([
      `video.id: media is image/jpeg, not a video (MP4 or 3GP)`,
      'audio.voice: a voice note must be an OGG/Opus file',
      'sticker.id: a sticker must be a WebP image, not image/jpeg',
      'audio.id: media is video/mp4, not audio',
      `Message sent to ${CHAT}`,
      `Message sent to ${CHAT}`,
      `Message sent to ${CHAT}`,
    ]);
  });

  it('a sticker over 500 KB is refused naming sticker.id', async () => {
    const s = await sessionWithHistory('kinds-sticker');
    const big = Buffer.concat([WEBP, Buffer.alloc(500 * 1024, 1)]);
    const id = (await edge.upload(big, 'image/webp', 'big.webp', bearer(s.token))).body.mediaId;
    const res = await s.send({ to: CHAT, type: 'sticker', sticker: { id } });
    expect(res.body[0]).toMatchObject({ status: 'error', message: 'sticker.id: a sticker must be at most 500 KB (100 KB if not animated)' });
  });
});

describe('PATCH /api/v1/messages/{messageId}', () => {
  it('queues the edit of a sent text as its own row and kicks the host', async () => {
    const s = await sessionWithHistory('kinds-edit');
    const res = await s.edit('kinds-edit-TEXT', { text: { body: 'fixed' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'success', editedMessageId: 'kinds-edit-TEXT', messageStatus: 'queued', to: `${CHAT}@s.whatsapp.net` });
    const [row] = await edge.db
      .select()
      .from(messages)
      .where(and(eq(messages.sessionId, 'kinds-edit'), eq(messages.waMessageId, res.body.messageId)));
    expect(row).toMatchObject({ type: 'edit', status: 'queued', direction: 'out', remoteJid: `${CHAT}@s.whatsapp.net` });
    expect(JSON.parse(row!.payload)).toEqual({ type: 'edit', to: `${CHAT}@s.whatsapp.net`, edit: { message_id: 'kinds-edit-TEXT', text: { body: 'fixed' } } });
    expect(edge.hosts.of('kinds-edit').filter((c) => c.call === 'kick')).toHaveLength(1);
  });

  it('unknown id, a received message or another session’s → 404; an image or a failed send → 400; bad body → 400 naming text.body', async () => {
    const s = await sessionWithHistory('kinds-edit-bad');
    await sessionWithHistory('kinds-edit-other');
    const before = (await s.rows()).length;
    expect(await s.edit('NOPE')).toMatchObject({ status: 404, body: { message: expect.stringMatching(/^messageId: message NOPE is not/) } });
    expect((await s.edit('kinds-edit-bad-IN')).status).toBe(404);
    expect((await s.edit('kinds-edit-other-TEXT')).status).toBe(404);
    expect(await s.edit('kinds-edit-bad-IMAGE')).toMatchObject({
      status: 400,
      body: { message: 'messageId: message kinds-edit-bad-IMAGE is of type image; only text messages can be edited.' },
    });
    expect((await s.edit('kinds-edit-bad-FAILED')).status).toBe(400);
    const empty = await s.edit('kinds-edit-bad-TEXT', { text: { body: '' } });
    expect(empty).toMatchObject({ status: 400, body: { message: expect.stringContaining('text.body') } });
    expect((await s.rows()).length).toBe(before);
  });

  it('Idempotency-Key: a retried edit answers the first result and queues one row; the key with another text → 409', async () => {
    const s = await sessionWithHistory('kinds-edit-idem');
    const headers = { ...bearer(s.token), 'idempotency-key': 'edit-1' };
    const first = await s.edit('kinds-edit-idem-TEXT', { text: { body: 'once' } }, headers);
    const second = await s.edit('kinds-edit-idem-TEXT', { text: { body: 'once' } }, headers);
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    expect((await s.rows()).filter((r) => r.type === 'edit').map((r) => r.waMessageId)).toEqual([first.body.messageId]);
    expect((await s.edit('kinds-edit-idem-TEXT', { text: { body: 'twice' } }, headers)).status).toBe(409);
  });

  it('another session’s token → 403, no token → 401, missing sessionId → 400', async () => {
    const s = await sessionWithHistory('kinds-edit-auth');
    const other = await edge.createSession('kinds-edit-intruder');
    expect((await s.edit('kinds-edit-auth-TEXT', undefined, bearer(other))).status).toBe(403);
    expect((await s.edit('kinds-edit-auth-TEXT', undefined, {})).status).toBe(401);
    const noSession = await edge.json('PATCH', '/api/v1/messages/kinds-edit-auth-TEXT', { body: { text: { body: 'x' } }, headers: bearer(s.token) });
    expect(noSession).toMatchObject({ status: 400, body: { message: expect.stringContaining('sessionId') } });
  });
});
