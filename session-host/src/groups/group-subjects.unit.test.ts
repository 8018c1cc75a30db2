// Group subjects against real libSQL: a group's metadata is asked once however many messages
// arrive, a subject change replaces it without asking, a failed ask is not repeated with every
// message, and sessions keep their own.
import { WAMessageStubType, type WAMessage } from '@whiskeysockets/baileys';
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupSubjects } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { StatementBatcher } from '../events/statement-batcher.js';
import { startDb } from '../webhooks/test-helpers.js';
import { GroupSubjects } from './group-subjects.js';

let fx: Awaited<ReturnType<typeof startDb>>;
let db: HostDb;
let batcher: StatementBatcher;
let subjects: GroupSubjects;
beforeAll(async () => {
  fx = await startDb();
  db = fx.db;
  batcher = new StatementBatcher(db, pino({ level: 'silent' }));
  subjects = new GroupSubjects(db, batcher, pino({ level: 'silent' }));
});
afterAll(async () => fx?.close());

const GROUP = '120363000000001@g.us';
const text = (remoteJid: string, id: string): WAMessage => ({ key: { remoteJid, id, participant: '6281@s.whatsapp.net' }, message: { conversation: 'hi' } });
const stub = (remoteJid: string, type: number, subject: string): WAMessage => ({
  key: { remoteJid, id: `stub-${subject}` },
  messageStubType: type,
  messageStubParameters: [subject],
});

/** A metadata fetch that counts its calls and answers when the test says. */
function fetcher(subject: string) {
  const asked: string[] = [];
  let answer: (value: { subject: string }) => void = () => {};
  let refuse: (err: Error) => void = () => {};
  const fetch = (groupJid: string) => {
    asked.push(groupJid);
    return new Promise<{ subject: string }>((resolve, reject) => {
      answer = resolve;
      refuse = reject;
    });
  };
  return { fetch, asked, answer: () => answer({ subject }), refuse: () => refuse(new Error('item-not-found')) };
}

async function stored(sessionId: string, groupJid = GROUP) {
  await new Promise((resolve) => setImmediate(resolve));
  await batcher.flush();
  const rows = await db
    .select({ subject: groupSubjects.subject })
    .from(groupSubjects)
    .where(and(eq(groupSubjects.sessionId, sessionId), eq(groupSubjects.groupJid, groupJid)));
  return rows[0]?.subject ?? null;
}

describe('GroupSubjects', () => {
  it("asks for a group's metadata once, whatever arrives meanwhile or after, and stores its subject", async () => {
    const f = fetcher('Arisan');
    subjects.seen('gs-a', f.fetch, [text(GROUP, '1'), text(GROUP, '2')]);
    subjects.seen('gs-a', f.fetch, [text(GROUP, '3')]);
    f.answer();
    expect(await stored('gs-a')).toBe('Arisan');
    subjects.seen('gs-a', f.fetch, [text(GROUP, '4')]);
    // 1:1 chats are not groups
    subjects.seen('gs-a', f.fetch, [text('6281@s.whatsapp.net', '5')]);
    expect(f.asked).toEqual([GROUP]);
    // another session asks for itself, and its row is its own
    subjects.seen('gs-b', f.fetch, [text(GROUP, '1')]);
    expect(f.asked).toEqual([GROUP, GROUP]);
    expect(await stored('gs-b')).toBeNull();
  });

  it('a subject change replaces the subject without asking; a late metadata answer does not undo it', async () => {
    const f = fetcher('Old name');
    subjects.seen('gs-c', f.fetch, [text(GROUP, '1')]);
    subjects.seen('gs-c', f.fetch, [stub(GROUP, WAMessageStubType.GROUP_CHANGE_SUBJECT, 'New name')]);
    f.answer();
    expect(await stored('gs-c')).toBe('New name');
    subjects.learnAll('gs-c', [
      { id: GROUP, subject: 'Newer name' },
      { id: '6281@s.whatsapp.net', subject: 'not a group' },
    ]);
    expect(await stored('gs-c')).toBe('Newer name');
    expect(await stored('gs-c', '6281@s.whatsapp.net')).toBeNull();
    expect(f.asked).toEqual([GROUP]);
  });

  it('a refused ask is not repeated with the next messages; a stopped session asks again when it runs again', async () => {
    const f = fetcher('Back');
    subjects.seen('gs-d', f.fetch, [text(GROUP, '1')]);
    f.refuse();
    await new Promise((resolve) => setImmediate(resolve));
    subjects.seen('gs-d', f.fetch, [text(GROUP, '2')]);
    expect(f.asked).toEqual([GROUP]);
    expect(await stored('gs-d')).toBeNull();
    subjects.forget('gs-d');
    subjects.seen('gs-d', f.fetch, [text(GROUP, '3')]);
    f.answer();
    expect(await stored('gs-d')).toBe('Back');
    expect(f.asked).toEqual([GROUP, GROUP]);
  });
});
