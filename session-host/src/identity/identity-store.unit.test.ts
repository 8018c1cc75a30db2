// The identity table's merge rules against real libSQL: one row per person whichever id came
// first, a name learned under the LID survives the merge, a LID that moved to another number
// leaves the old number, sessions never see each other's rows, and a pair merges the LID's chat
// into the number's.
import { eq, sql } from 'drizzle-orm';
import { aiReplyChats, chats, messages } from '../../../shared/src/db/schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityStore } from './identity-store.js';
import { startIdentityDb } from './test-helpers.js';

let fx: Awaited<ReturnType<typeof startIdentityDb>>;
let store: IdentityStore;
beforeAll(async () => {
  fx = await startIdentityDb();
  store = fx.store;
});
afterAll(async () => fx?.close());
const rows = (sessionId: string) => fx.rows(sessionId);

describe('IdentityStore', () => {
  it('a name learned under the LID alone and a number checked alone become one row when the pair arrives', async () => {
    store.learnName('is-a', { lid: '111' }, 'Lina');
    store.recordCheck('is-a', '6281500000001', true);
    expect(await rows('is-a')).toEqual([
      { phone: null, lid: '111', pushName: 'Lina' },
      { phone: '6281500000001', lid: null, pushName: null },
    ]);
    store.learnPairs('is-a', [{ phone: '6281500000001', lid: '111' }]);
    expect(await rows('is-a')).toEqual([{ phone: '6281500000001', lid: '111', pushName: 'Lina' }]);
  });

  it('a LID-only row gains its number in place; the same pair twice changes nothing', async () => {
    store.learnName('is-b', { lid: '222' }, 'Budi');
    store.learnPairs('is-b', [{ phone: '6281500000002', lid: '222' }]);
    store.learnPairs('is-b', [{ phone: '6281500000002', lid: '222' }]);
    expect(await rows('is-b')).toEqual([{ phone: '6281500000002', lid: '222', pushName: 'Budi' }]);
  });

  it('a LID that moved to another number (the person changed numbers) leaves the old one without a LID', async () => {
    store.learnPairs('is-c', [{ phone: '6281500000003', lid: '333' }]);
    store.learnPairs('is-c', [{ phone: '6281500000004', lid: '333' }]);
    expect(await rows('is-c')).toEqual([
      { phone: '6281500000003', lid: null, pushName: null },
      { phone: '6281500000004', lid: '333', pushName: null },
    ]);
  });

  it('many pairs in one write merge like one at a time; a LID said twice keeps the last number and nothing collides', async () => {
    store.learnName('is-e', { lid: '601' }, 'Ani');
    store.learnPairs('is-e', [{ phone: '6281500000010', lid: '602' }]);
    store.learnPairs('is-e', [
      { phone: '6281500000011', lid: '601' },
      { phone: '6281500000012', lid: '603' },
      { phone: '6281500000013', lid: '603' },
      { phone: '6281500000014', lid: '602' },
    ]);
    expect(await rows('is-e')).toEqual([
      { phone: '6281500000010', lid: null, pushName: null },
      { phone: '6281500000011', lid: '601', pushName: 'Ani' },
      { phone: '6281500000013', lid: '603', pushName: null },
      { phone: '6281500000014', lid: '602', pushName: null },
    ]);
  });

  it('a name said again unchanged writes nothing; a new name is written', async () => {
    store.learnName('is-f', { phone: '6281500000020' }, 'Dewi');
    expect(await rows('is-f')).toEqual([{ phone: '6281500000020', lid: null, pushName: 'Dewi' }]);
    await fx.db.run(sql`update contact_identities set push_name = 'edited' where session_id = 'is-f'`);
    store.learnName('is-f', { phone: '6281500000020' }, 'Dewi');
    expect(await rows('is-f')).toEqual([{ phone: '6281500000020', lid: null, pushName: 'edited' }]);
    store.learnName('is-f', { phone: '6281500000020' }, 'Dewi S.');
    expect(await rows('is-f')).toEqual([{ phone: '6281500000020', lid: null, pushName: 'Dewi S.' }]);
  });

  it("a pair moves the LID's chat into the number's: messages, the later latest message and read mark, the AI takeover", async () => {
    const lidJid = '444@lid';
    const pnJid = '6281500000044@s.whatsapp.net';
    const insert = (id: string, remoteJid: string) =>
      fx.db
        .insert(messages)
        .values({ sessionId: 'is-m', waMessageId: id, direction: 'in', remoteJid, type: 'conversation', payload: '{}', status: 'received' });
    await insert('M1', pnJid);
    await insert('M2', lidJid);
    await insert('M3', lidJid);
    const ids = Object.fromEntries((await fx.db.select({ id: messages.id, wa: messages.waMessageId }).from(messages)).map((m) => [m.wa, m.id]));
    await fx.db.update(chats).set({ lastReadId: ids.M2! }).where(eq(chats.remoteJid, lidJid));
    await fx.db.insert(aiReplyChats).values({ sessionId: 'is-m', chatJid: lidJid, takenOverAt: 1, takenOverBy: 'switch', updatedAt: 1 });
    store.learnPairs('is-m', [{ phone: '6281500000044', lid: '444' }]);
    await store.flush();
    expect(await fx.db.select().from(chats).where(eq(chats.sessionId, 'is-m'))).toEqual([
      { sessionId: 'is-m', remoteJid: pnJid, lastMessageId: ids.M3, lastReadId: ids.M2 },
    ]);
    expect((await fx.db.select({ jid: messages.remoteJid }).from(messages).where(eq(messages.sessionId, 'is-m'))).map((m) => m.jid)).toEqual([
      pnJid,
      pnJid,
      pnJid,
    ]);
    expect(await fx.db.select({ chatJid: aiReplyChats.chatJid }).from(aiReplyChats).where(eq(aiReplyChats.sessionId, 'is-m'))).toEqual([{ chatJid: pnJid }]);
  });

  it("one session's pairs are not another's", async () => {
    store.learnPairs('is-d1', [{ phone: '6281500000005', lid: '555' }]);
    store.learnName('is-d2', { lid: '555' }, 'Other');
    expect(await rows('is-d1')).toEqual([{ phone: '6281500000005', lid: '555', pushName: null }]);
    expect(await rows('is-d2')).toEqual([{ phone: null, lid: '555', pushName: 'Other' }]);
  });
});
