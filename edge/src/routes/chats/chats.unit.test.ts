// What the chat routes ask of the session host, seen through the recording fake: read keys built
// from the stored received messages (a group's sender, a contact's LID), plain keys for ids never
// stored, the chat read in the session's country, and the 503 of a session no host runs.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, sessions } from '../../../../shared/src/db/schema.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let edge: UnitEdge;
beforeAll(async () => {
  edge = await startUnitEdge();
  edge.hosts.commands.set('read', () => ({ status: 'success' }));
  edge.hosts.commands.set('presence', () => ({ status: 'success' }));
});
afterAll(async () => edge?.close());

const GROUP = '120363041234567890@g.us';
const CONTACT = '6281234567890@s.whatsapp.net';

async function connected(sessionId: string, defaultCountry: string | null = null): Promise<Record<string, string>> {
  const token = await edge.createSession(sessionId);
  await edge.db.update(sessions).set({ status: 'CONNECTED', defaultCountry }).where(eq(sessions.id, sessionId));
  return { authorization: `Bearer ${token}` };
}

async function received(sessionId: string, remoteJid: string, waMessageId: string, data: Record<string, unknown> = {}): Promise<void> {
  const now = Date.now();
  await edge.db.insert(messages).values({
    sessionId,
    waMessageId,
    direction: 'in',
    remoteJid,
    type: 'conversation',
    payload: JSON.stringify({ id: waMessageId, ...data }),
    status: 'received',
    createdAt: now,
    updatedAt: now,
  });
}

const lastCommand = (sessionId: string) => edge.hosts.of(sessionId).at(-1);

describe('chat routes → session hosts', () => {
  it("read keys carry a group message's sender and a contact's LID; an id never stored goes as a plain key of the chat", async () => {
    const headers = await connected('ch-keys');
    await received('ch-keys', GROUP, 'G1', { participant: '6289999999999@s.whatsapp.net' });
    await received('ch-keys', CONTACT, 'L1', { fromLid: '123456789@lid' });
    const group = await edge.json('POST', '/api/v1/chats/read', {
      body: { sessionId: 'ch-keys', chatId: GROUP, messageIds: ['G1', 'NOT-STORED', 'G1'] },
      headers,
    });
    expect(group.body.messageIds).toEqual(['G1', 'NOT-STORED']);
    expect(lastCommand('ch-keys')).toEqual({
      call: 'command',
      sessionId: 'ch-keys',
      command: 'read',
      body: {
        keys: [
          { remoteJid: GROUP, id: 'G1', participant: '6289999999999@s.whatsapp.net' },
          { remoteJid: GROUP, id: 'NOT-STORED' },
        ],
      },
    });
    await edge.json('POST', '/api/v1/chats/read', { body: { sessionId: 'ch-keys', chatId: '6281234567890', upTo: 'L1' }, headers });
    expect(lastCommand('ch-keys')).toMatchObject({ command: 'read', body: { keys: [{ remoteJid: '123456789@lid', id: 'L1' }] } });
  });

  it("upTo reads at most the latest 100 of the chat, oldest first, and only that chat's", async () => {
    const headers = await connected('ch-upto');
    for (let i = 0; i < 105; i++) await received('ch-upto', CONTACT, `M${i}`);
    await received('ch-upto', '6289876543210@s.whatsapp.net', 'OTHER');
    const res = await edge.json('POST', '/api/v1/chats/read', { body: { sessionId: 'ch-upto', chatId: CONTACT, upTo: 'M104' }, headers });
    expect(res.body.messageIds).toEqual(Array.from({ length: 100 }, (_, i) => `M${i + 5}`));
  });

  it("a national-format chat is read in the session's country; presence relays the chat JID, or none for the account", async () => {
    const headers = await connected('ch-country', 'ID');
    await edge.json('POST', '/api/v1/chats/presence', { body: { sessionId: 'ch-country', chatId: '0812-3456-7890', presence: 'recording' }, headers });
    expect(lastCommand('ch-country')).toEqual({
      call: 'command',
      sessionId: 'ch-country',
      command: 'presence',
      body: { presence: 'recording', chatJid: CONTACT },
    });
    await edge.json('POST', '/api/v1/chats/presence', { body: { sessionId: 'ch-country', presence: 'available' }, headers });
    expect(lastCommand('ch-country')).toMatchObject({ body: { presence: 'available' } });
    expect((lastCommand('ch-country') as { body: object }).body).not.toHaveProperty('chatJid');
  });

  it('a connected session that no host runs answers 503', async () => {
    const headers = await connected('ch-nohost');
    edge.hosts.commands.delete('presence');
    try {
      const res = await edge.json('POST', '/api/v1/chats/presence', { body: { sessionId: 'ch-nohost', chatId: CONTACT, presence: 'paused' }, headers });
      expect(res.status).toBe(503);
      expect(res.body.message).toContain('No session host is running session ch-nohost');
    } finally {
      edge.hosts.commands.set('presence', () => ({ status: 'success' }));
    }
  });
});
