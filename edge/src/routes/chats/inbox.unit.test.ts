// The inbox's reads: a session's chats (newest activity first, contact, last message, unread
// count, cursor pages) and one chat's messages with what each shows, from rows stored the way the
// edge (sent) and the session host (received) store them; the read mark moves with POST /chats/read.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIdentities, messages, sessions } from '../../../../shared/src/db/schema.js';
import { createSignedInUser } from '../../../../test-support/dashboard-users.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let edge: UnitEdge;
let clock = Date.UTC(2026, 11, 7, 9, 0, 0);
beforeAll(async () => {
  edge = await startUnitEdge();
  edge.hosts.commands.set('read', () => ({ status: 'success' }));
});
afterAll(async () => edge?.close());

const BUDI = '6281234567890@s.whatsapp.net';
const SITI = '6289876543210@s.whatsapp.net';
const GROUP = '120363041234567890@g.us';

async function session(sessionId: string, defaultCountry: string | null = null): Promise<Record<string, string>> {
  const token = await edge.createSession(sessionId);
  await edge.db.update(sessions).set({ status: 'CONNECTED', defaultCountry }).where(eq(sessions.id, sessionId));
  return { authorization: `Bearer ${token}` };
}

/** A row one second after the last, with the given direction, type and payload. */
async function store(sessionId: string, row: { direction: 'in' | 'out'; remoteJid: string; id: string; type: string; payload: object }): Promise<void> {
  clock += 1000;
  const { id, payload, ...rest } = row;
  const status = row.direction === 'in' ? 'received' : 'sent';
  await edge.db.insert(messages).values({ sessionId, waMessageId: id, ...rest, payload: JSON.stringify(payload), status, createdAt: clock, updatedAt: clock });
}

/** As the host stores a received message (payload: the webhook's data). */
const received = (sessionId: string, remoteJid: string, id: string, type: string, data: Record<string, unknown>) =>
  store(sessionId, { direction: 'in', remoteJid, id, type, payload: { id, from: remoteJid, type, ...data } });

/** As POST /messages stores a sent message (payload: the validated request item). */
const sent = (sessionId: string, remoteJid: string, id: string, item: Record<string, unknown> & { type: string }) =>
  store(sessionId, { direction: 'out', remoteJid, id, type: item.type, payload: item });

const chats = (sessionId: string, headers: Record<string, string>, query = '') => edge.json('GET', `/api/v1/sessions/${sessionId}/chats${query}`, { headers });

describe('GET /sessions/{sessionId}/chats', () => {
  it('lists each chat once, latest activity first, with the contact, the last message and the unread count', async () => {
    const headers = await session('ib-list');
    await edge.db.insert(contactIdentities).values({ sessionId: 'ib-list', phone: '6281234567890', lid: '111', pushName: 'Budi', updatedAt: clock });
    await received('ib-list', BUDI, 'B1', 'conversation', { text: 'Halo' });
    await received('ib-list', SITI, 'S1', 'imageMessage', { text: 'foto', media: { mediaId: 'a.jpg', url: '/media/a.jpg', mimetype: 'image/jpeg', size: 3 } });
    await received('ib-list', BUDI, 'B2', 'extendedTextMessage', { text: 'Masih buka?' });
    await received('ib-list', BUDI, 'B3', 'reactionMessage', { message_id: 'B2', emoji: '👍' });
    await sent('ib-list', GROUP, 'G1', { type: 'text', to: GROUP, text: { body: 'Rapat jam 3' } });

    const res = await chats('ib-list', headers);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.chats.map((c: { chatId: string }) => c.chatId)).toEqual([GROUP, BUDI, SITI]);
    const [group, budi, siti] = res.body.chats;
    expect(group).toMatchObject({
      phone: null,
      name: null,
      unreadCount: 0,
      lastMessage: { id: 'G1', direction: 'out', content: { kind: 'text', text: 'Rapat jam 3' } },
    });
    // A reaction is the chat's latest event but not an unread message of its own.
    expect(budi).toMatchObject({
      phone: '6281234567890',
      name: 'Budi',
      unreadCount: 2,
      lastMessage: { id: 'B3', direction: 'in', type: 'reactionMessage', content: { kind: 'reaction', target: 'B2', emoji: '👍', text: null } },
    });
    expect(siti).toMatchObject({
      phone: '6289876543210',
      unreadCount: 1,
      lastMessage: { content: { kind: 'image', text: 'foto', media: { mediaId: 'a.jpg', mimetype: 'image/jpeg', link: null } } },
    });
    expect(siti.lastMessage.createdAt).toMatch(/^2026-12-07T/);
  });

  it('pages with nextCursor: every chat exactly once, none skipped', async () => {
    const headers = await session('ib-pages');
    const jids = Array.from({ length: 5 }, (_, i) => `62811000000${i}@s.whatsapp.net`);
    for (const [i, jid] of jids.entries()) await received('ib-pages', jid, `P${i}`, 'conversation', { text: `m${i}` });
    // The oldest chat gets a new message: it moves to the top.
    await received('ib-pages', jids[0]!, 'P0b', 'conversation', { text: 'again' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { chats: { chatId: string }[]; nextCursor: string | null } } = await chats(
        'ib-pages',
        headers,
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.chats.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.chats.map((c) => c.chatId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([jids[0], jids[4], jids[3], jids[2], jids[1]]);
  });

  it('POST /chats/read resets the unread count to what arrived after the latest message marked', async () => {
    const headers = await session('ib-read');
    await received('ib-read', BUDI, 'R1', 'conversation', { text: 'one' });
    await received('ib-read', BUDI, 'R2', 'conversation', { text: 'two' });
    await received('ib-read', BUDI, 'R3', 'conversation', { text: 'three' });
    const unread = async () => (await chats('ib-read', headers)).body.chats[0].unreadCount;
    expect(await unread()).toBe(3);
    const read = await edge.json('POST', '/api/v1/chats/read', { body: { sessionId: 'ib-read', chatId: '6281234567890', upTo: 'R2' }, headers });
    expect(read.status).toBe(200);
    expect(await unread()).toBe(1);
    // An older message marked later does not move the mark back.
    await edge.json('POST', '/api/v1/chats/read', { body: { sessionId: 'ib-read', chatId: BUDI, messageIds: ['R1'] }, headers });
    expect(await unread()).toBe(1);
    await edge.json('POST', '/api/v1/chats/read', { body: { sessionId: 'ib-read', chatId: BUDI, messageIds: ['R3', 'NEVER-STORED'] }, headers });
    expect(await unread()).toBe(0);
    await received('ib-read', BUDI, 'R4', 'conversation', { text: 'four' });
    expect(await unread()).toBe(1);
  });

  it('an empty session has no chats; deleting the session removes its read marks', async () => {
    const headers = await session('ib-empty');
    expect((await chats('ib-empty', headers)).body).toEqual({ status: 'success', chats: [], nextCursor: null });
    await received('ib-empty', BUDI, 'E1', 'conversation', { text: 'x' });
    await edge.json('POST', '/api/v1/chats/read', { body: { sessionId: 'ib-empty', chatId: BUDI, upTo: 'E1' }, headers });
    const del = await edge.json('DELETE', '/api/v1/sessions/ib-empty', { headers: { 'x-master-key': edge.masterKey } });
    expect(del.status).toBe(200);
    const again = await session('ib-empty');
    await received('ib-empty', BUDI, 'E1', 'conversation', { text: 'x' });
    expect((await chats('ib-empty', again)).body.chats[0].unreadCount).toBe(1);
  });

  it.each([
    ['?limit=0', 'limit must be at least 1', 'ib-bad-zero'],
    ['?limit=201', 'limit must be at most 200', 'ib-bad-big'],
    ['?limit=ten', 'limit must be a number', 'ib-bad-word'],
    ['?cursor=abc', 'cursor must be a nextCursor returned by this endpoint', 'ib-bad-cursor'],
  ])('%s is a 400 naming the field', async (query, message, sessionId) => {
    const headers = await session(sessionId);
    const res = await chats(sessionId, headers, query);
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('error');
    expect(JSON.stringify(res.body)).toContain(message);
  });

  it("is scoped like every session route: another session's token and an operator of another session get 403, an unknown session 404", async () => {
    const own = await session('ib-scope-a');
    await session('ib-scope-b');
    await received('ib-scope-b', BUDI, 'X1', 'conversation', { text: 'secret' });
    expect((await chats('ib-scope-b', own)).status).toBe(403);
    expect((await edge.json('GET', `/api/v1/messages?sessionId=ib-scope-b&chatId=${BUDI}`, { headers: own })).status).toBe(403);
    const operator = await createSignedInUser(edge.fetch, {
      masterKey: edge.masterKey,
      origin: 'http://localhost',
      username: 'ib-op',
      sessionIds: ['ib-scope-a'],
    });
    const cookie = { cookie: `wag_dashboard=${operator.cookie}` };
    expect((await chats('ib-scope-a', cookie)).status).toBe(200);
    const refused = await chats('ib-scope-b', cookie);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('secret');
    expect((await chats('ib-nope', { 'x-master-key': edge.masterKey })).status).toBe(404);
    expect((await chats('ib-scope-b', {})).status).toBe(401);
  });
});

describe('GET /messages?chatId=', () => {
  it("lists one chat's messages newest first with what each shows, sent and received, every type", async () => {
    const headers = await session('ib-conv', 'ID');
    const card = { name: { formatted_name: 'Siti' }, phones: [{ phone: '+62 898 7654 3210' }] };
    await received('ib-conv', BUDI, 'C1', 'locationMessage', { text: null, location: { latitude: -6.17, longitude: 106.82, name: 'Monas' } });
    await received('ib-conv', BUDI, 'C2', 'contactMessage', { text: null, contacts: [card] });
    await received('ib-conv', BUDI, 'C3', 'pollCreationMessageV3', {
      text: null,
      poll: { question: 'Which day?', options: ['Mon', 'Tue'], selectableCount: 1 },
    });
    await received('ib-conv', BUDI, 'C4', 'documentMessage', { text: null, media: { mediaId: 'd.pdf', mimetype: 'application/pdf', fileName: 'price.pdf' } });
    await received('ib-conv', BUDI, 'C5', 'audioMessage', { text: null, media: { mediaId: 'v.ogg', mimetype: 'audio/ogg', voice: true } });
    await received('ib-conv', BUDI, 'C6', 'protocolMessage', { message_id: 'C0', text: 'fixed' });
    await received('ib-conv', BUDI, 'C7', 'protocolMessage', { message_id: 'C1', by: BUDI });
    await received('ib-conv', BUDI, 'C8', 'pollUpdateMessage', { poll_id: 'C3', question: 'Which day?', options: ['Tue'] });
    await sent('ib-conv', BUDI, 'O1', { type: 'image', to: BUDI, image: { id: 'p.png', caption: 'Our shop' }, context: { message_id: 'C4' } });
    await sent('ib-conv', BUDI, 'O2', { type: 'document', to: BUDI, document: { link: 'https://example.com/t.pdf', filename: 't.pdf' } });
    await sent('ib-conv', BUDI, 'O3', { type: 'location', to: BUDI, location: { latitude: 1.5, longitude: 2.5, address: 'Jl. Sudirman' } });
    await sent('ib-conv', BUDI, 'O4', { type: 'contacts', to: BUDI, contacts: [card] });
    await sent('ib-conv', BUDI, 'O5', { type: 'poll', to: BUDI, poll: { name: 'Open Sunday?', options: ['Yes', 'No'], selectableCount: 1 } });
    await sent('ib-conv', BUDI, 'O6', { type: 'reaction', to: BUDI, reaction: { message_id: 'C2', emoji: '❤️' } });
    await sent('ib-conv', BUDI, 'O7', { type: 'edit', to: BUDI, edit: { message_id: 'O0', text: { body: 'new' } } });
    await sent('ib-conv', BUDI, 'O8', { type: 'audio', to: BUDI, audio: { id: 'n.ogg', voice: true } });
    await received('ib-conv', SITI, 'OTHER', 'conversation', { text: 'not this chat' });

    // A national number is read in the session's country.
    const res = await edge.json('GET', '/api/v1/messages?sessionId=ib-conv&chatId=0812-3456-7890&limit=200', { headers });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.messages.map((m: { id: string; content: unknown }) => [m.id, m.content]));
    expect(res.body.messages.map((m: { id: string }) => m.id)).toEqual([
      'O8',
      'O7',
      'O6',
      'O5',
      'O4',
      'O3',
      'O2',
      'O1',
      'C8',
      'C7',
      'C6',
      'C5',
      'C4',
      'C3',
      'C2',
      'C1',
    ]);
    expect(byId).toEqual({
      C1: { kind: 'location', text: 'Monas', location: { latitude: -6.17, longitude: 106.82, name: 'Monas', address: null } },
      C2: { kind: 'contacts', text: 'Siti', contacts: [{ name: 'Siti', phones: ['+62 898 7654 3210'] }] },
      C3: { kind: 'poll', text: 'Which day?', poll: { question: 'Which day?', options: ['Mon', 'Tue'] } },
      C4: { kind: 'document', text: null, media: { mediaId: 'd.pdf', link: null, mimetype: 'application/pdf', filename: 'price.pdf', voice: false } },
      C5: { kind: 'audio', text: null, media: { mediaId: 'v.ogg', link: null, mimetype: 'audio/ogg', filename: null, voice: true } },
      C6: { kind: 'edit', text: 'fixed', target: 'C0' },
      C7: { kind: 'revoke', text: null, target: 'C1' },
      C8: { kind: 'poll_vote', text: 'Tue', target: 'C3' },
      O1: { kind: 'image', text: 'Our shop', replyTo: 'C4', media: { mediaId: 'p.png', link: null, mimetype: null, filename: null, voice: false } },
      O2: { kind: 'document', text: null, media: { mediaId: null, link: 'https://example.com/t.pdf', mimetype: null, filename: 't.pdf', voice: false } },
      O3: { kind: 'location', text: 'Jl. Sudirman', location: { latitude: 1.5, longitude: 2.5, name: null, address: 'Jl. Sudirman' } },
      O4: { kind: 'contacts', text: 'Siti', contacts: [{ name: 'Siti', phones: ['+62 898 7654 3210'] }] },
      O5: { kind: 'poll', text: 'Open Sunday?', poll: { question: 'Open Sunday?', options: ['Yes', 'No'] } },
      O6: { kind: 'reaction', text: null, target: 'C2', emoji: '❤️' },
      O7: { kind: 'edit', text: 'new', target: 'O0' },
      O8: { kind: 'audio', text: null, media: { mediaId: 'n.ogg', link: null, mimetype: null, filename: null, voice: true } },
    });
    const older = await edge.json('GET', `/api/v1/messages?sessionId=ib-conv&chatId=${BUDI}&limit=3`, { headers });
    expect(older.body.messages.map((m: { id: string }) => m.id)).toEqual(['O8', 'O7', 'O6']);
    const next = await edge.json('GET', `/api/v1/messages?sessionId=ib-conv&chatId=${BUDI}&limit=3&cursor=${older.body.nextCursor}`, { headers });
    expect(next.body.messages.map((m: { id: string }) => m.id)).toEqual(['O5', 'O4', 'O3']);
  });

  it('a payload that does not read still lists as a message of its type', async () => {
    const headers = await session('ib-broken');
    await edge.db
      .insert(messages)
      .values({ sessionId: 'ib-broken', waMessageId: 'Z1', direction: 'in', remoteJid: BUDI, type: 'weirdMessage', payload: '{not json', status: 'received' });
    const res = await edge.json('GET', `/api/v1/messages?sessionId=ib-broken&chatId=${BUDI}`, { headers });
    expect(res.body.messages[0].content).toEqual({ kind: 'other', text: null });
    expect((await chats('ib-broken', headers)).body.chats[0].lastMessage.content).toEqual({ kind: 'other', text: null });
  });

  it('a chatId that is neither a number nor a JID is a 400 naming chatId', async () => {
    const headers = await session('ib-badchat');
    const res = await edge.json('GET', '/api/v1/messages?sessionId=ib-badchat&chatId=<script>', { headers });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('chatId must be a phone number');
  });
});
