// Chats stored under a LID whose number the session has learned, on a database written by the
// release before: they become the number's chat (messages, latest message, read mark, AI
// takeover); a LID nobody has paired with a number stays its own chat, and sessions stay apart.
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../shared/src/db/schema.js';
import { databaseBefore } from '../../../test-support/database-before.js';
import { runMigrations, type HostDb } from './client.js';

let old: Awaited<ReturnType<typeof databaseBefore>>;
let db: HostDb;
const PN = '6281300000099@s.whatsapp.net';
const LID = '777000111@lid';
const LONE = '888000222@lid';
const row = (sessionId: string, id: string, remoteJid: string) => ({
  sessionId,
  waMessageId: id,
  direction: 'in' as const,
  remoteJid,
  type: 'conversation',
  payload: '{}',
  status: 'received',
});
const idOf = async (waMessageId: string) => (await db.all<{ id: number }>(sql`select id from messages where wa_message_id = ${waMessageId}`))[0]!.id;

beforeAll(async () => {
  old = await databaseBefore('_merge_lid_chats');
  db = old.db;
  await db.insert(t.messages).values([row('s1', 'P1', PN), row('s1', 'L1', LID), row('s1', 'L2', LID), row('s1', 'X1', LONE), row('s2', 'S1', LID)]);
  await db
    .update(t.chats)
    .set({ lastReadId: await idOf('L1') })
    .where(and(eq(t.chats.sessionId, 's1'), eq(t.chats.remoteJid, LID)));
  await db.insert(t.contactIdentities).values([{ sessionId: 's1', phone: '6281300000099', lid: '777000111', updatedAt: 1 }]);
  await db.insert(t.aiReplyChats).values({ sessionId: 's1', chatJid: LID, takenOverAt: 5, takenOverBy: 'switch', updatedAt: 5 });
  await runMigrations(db);
});
afterAll(() => old?.close());

describe('migration merging LID chats into their numbers', () => {
  it("moves a paired LID's messages, latest message, read mark and takeover to the number's chat", async () => {
    const chats = await db.select().from(t.chats).orderBy(asc(t.chats.sessionId), asc(t.chats.remoteJid));
    expect(chats).toEqual([
      { sessionId: 's1', remoteJid: PN, lastMessageId: await idOf('L2'), lastReadId: await idOf('L1') },
      { sessionId: 's1', remoteJid: LONE, lastMessageId: await idOf('X1'), lastReadId: 0 },
      { sessionId: 's2', remoteJid: LID, lastMessageId: await idOf('S1'), lastReadId: 0 },
    ]);
    const moved = await db.select({ id: t.messages.waMessageId, jid: t.messages.remoteJid }).from(t.messages).orderBy(asc(t.messages.id));
    expect(moved).toEqual([
      { id: 'P1', jid: PN },
      { id: 'L1', jid: PN },
      { id: 'L2', jid: PN },
      { id: 'X1', jid: LONE },
      { id: 'S1', jid: LID },
    ]);
    expect(await db.select({ chatJid: t.aiReplyChats.chatJid }).from(t.aiReplyChats)).toEqual([{ chatJid: PN }]);
  });
});
