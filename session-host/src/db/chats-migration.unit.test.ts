// The inbox's chats table, on a database written by the release before it: every chat of the
// stored messages gets its row with its latest message, and from then on every insert into
// messages (whoever writes it) keeps that row current.
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../shared/src/db/schema.js';
import { databaseBefore } from '../../../test-support/database-before.js';
import { runMigrations, type HostDb } from './client.js';

let old: Awaited<ReturnType<typeof databaseBefore>>;
let db: HostDb;
const row = (sessionId: string, id: string, remoteJid: string, direction: 'in' | 'out' = 'in') => ({
  sessionId,
  waMessageId: id,
  direction,
  remoteJid,
  type: 'conversation',
  payload: '{}',
  status: direction === 'in' ? 'received' : 'sent',
});

beforeAll(async () => {
  old = await databaseBefore('_chats');
  db = old.db;
  await db
    .insert(t.messages)
    .values([
      row('s1', 'A1', 'a@s.whatsapp.net'),
      row('s1', 'B1', 'b@s.whatsapp.net'),
      row('s1', 'A2', 'a@s.whatsapp.net', 'out'),
      row('s2', 'A3', 'a@s.whatsapp.net'),
      row('s1', 'ST', 'status@broadcast'),
    ]);
  await runMigrations(db);
});
afterAll(() => old?.close());

const chats = () => db.select().from(t.chats).orderBy(asc(t.chats.sessionId), asc(t.chats.remoteJid));
const idOf = async (waMessageId: string) => (await db.all<{ id: number }>(sql`select id from messages where wa_message_id = ${waMessageId}`))[0]!.id;

describe('migration to the chats table', () => {
  it('fills one row per session and chat with its latest message, nothing read yet; status broadcasts are no chat', async () => {
    expect(await chats()).toEqual([
      { sessionId: 's1', remoteJid: 'a@s.whatsapp.net', lastMessageId: await idOf('A2'), lastReadId: 0 },
      { sessionId: 's1', remoteJid: 'b@s.whatsapp.net', lastMessageId: await idOf('B1'), lastReadId: 0 },
      { sessionId: 's2', remoteJid: 'a@s.whatsapp.net', lastMessageId: await idOf('A3'), lastReadId: 0 },
    ]);
  });

  it('every later insert moves its chat forward or adds it, in the same statement; an ignored duplicate changes nothing', async () => {
    await db.insert(t.messages).values([row('s1', 'B2', 'b@s.whatsapp.net'), row('s1', 'C1', 'c@s.whatsapp.net', 'out')]);
    await db
      .insert(t.messages)
      .values(row('s1', 'B2', 'b@s.whatsapp.net'))
      .onConflictDoNothing();
    const rows = await chats();
    expect(rows.find((r) => r.remoteJid === 'b@s.whatsapp.net' && r.sessionId === 's1')?.lastMessageId).toBe(await idOf('B2'));
    expect(rows.find((r) => r.remoteJid === 'c@s.whatsapp.net')).toEqual({
      sessionId: 's1',
      remoteJid: 'c@s.whatsapp.net',
      lastMessageId: await idOf('C1'),
      lastReadId: 0,
    });
    expect(rows).toHaveLength(4);
  });
});
