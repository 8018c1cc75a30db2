// The auto-replier against real libSQL: what it never answers (status broadcasts, channels, groups
// without opt-in, events other than a received message), that a cooldown covers every rule of a
// chat, that a LID-only chat is answered at its LID, and that a rule row which no longer reads is
// skipped while the others answer.
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoReplyRules, messages } from '../../../shared/src/db/schema.js';
import { startDb } from '../webhooks/test-helpers.js';
import { AutoReplier } from './auto-replier.js';
import { AutoReplyStore } from './auto-reply-store.js';

let fx: Awaited<ReturnType<typeof startDb>>;
let now = Date.parse('2026-11-02T03:00:00Z');
const kicks: string[] = [];
let replier: AutoReplier;
beforeAll(async () => {
  fx = await startDb();
  replier = new AutoReplier(
    new AutoReplyStore(fx.db),
    (sessionId) => kicks.push(sessionId),
    pino({ level: 'silent' }),
    () => now,
  );
});
afterAll(async () => fx?.close());

const text = (body: string) => JSON.stringify({ type: 'text', text: { body } });
async function withRules(sessionId: string, rules: Partial<typeof autoReplyRules.$inferInsert>[]) {
  await fx.db
    .insert(autoReplyRules)
    .values(rules.map((r) => ({ sessionId, matchKind: 'contains', pattern: 'hi', reply: text('hello'), cooldownSeconds: 60, ...r })));
  await replier.load(sessionId);
}
const replies = (sessionId: string) =>
  fx.db
    .select({ to: messages.remoteJid, payload: messages.payload })
    .from(messages)
    .where(and(eq(messages.sessionId, sessionId), eq(messages.origin, 'auto_reply')))
    .orderBy(messages.id);
const received = (sessionId: string, from: string, body: string, extra: Record<string, unknown> = {}) =>
  replier.received(sessionId, 'message.received', { id: `IN${Math.random().toString(16).slice(2)}`, from, text: body, type: 'conversation', ...extra });

describe('AutoReplier', () => {
  it('never answers status broadcasts, channels, groups without opt-in, or events other than a received message', async () => {
    await withRules('never', [{ pattern: 'hi' }]);
    await received('never', 'status@broadcast', 'hi');
    await received('never', '120363000000000000@newsletter', 'hi');
    await received('never', '120363000000000001@g.us', 'hi', { participant: '6281500000001@s.whatsapp.net' });
    await replier.received('never', 'message.reaction', { id: 'R1', from: '6281500000001@s.whatsapp.net', emoji: 'hi' });
    await replier.received('never', 'message.edited', { id: 'E1', from: '6281500000001@s.whatsapp.net', text: 'hi' });
    expect(await replies('never')).toEqual([]);
    await received('never', '6281500000001@s.whatsapp.net', 'hi');
    expect(await replies('never')).toEqual([{ to: '6281500000001@s.whatsapp.net', payload: expect.stringContaining('"hello"') }]);
    expect(kicks.filter((k) => k === 'never')).toHaveLength(1);
  });

  it('a cooldown covers every rule of the chat: after rule A answers, rule B waits too; another chat is not held', async () => {
    await withRules('cool', [
      { pattern: 'alpha', reply: text('A') },
      { pattern: 'beta', reply: text('B') },
    ]);
    await received('cool', '6281500000011@s.whatsapp.net', 'alpha');
    now += 30_000;
    await received('cool', '6281500000011@s.whatsapp.net', 'beta');
    await received('cool', '6281500000012@s.whatsapp.net', 'beta');
    now += 31_000;
    await received('cool', '6281500000011@s.whatsapp.net', 'beta');
    expect((await replies('cool')).map((r) => [r.to, JSON.parse(r.payload).text.body])).toEqual([
      ['6281500000011@s.whatsapp.net', 'A'],
      ['6281500000012@s.whatsapp.net', 'B'],
      ['6281500000011@s.whatsapp.net', 'B'],
    ]);
  });

  it('a chat known only by its LID is answered at the LID; a rule row that no longer reads is skipped', async () => {
    await withRules('lid', [
      { matchKind: 'regex', pattern: '(unclosed', reply: text('broken') },
      { pattern: 'hi', reply: text('from the LID') },
    ]);
    await received('lid', '987654321012345@lid', 'hi there');
    const [reply] = await replies('lid');
    expect(reply?.to).toBe('987654321012345@lid');
    expect(JSON.parse(reply!.payload)).toEqual({ recipient_type: 'individual', to: '987654321012345@lid', type: 'text', text: { body: 'from the LID' } });
  });

  it('rules changed in the database apply after a reload; a session without rules is not looked at', async () => {
    await replier.load('reload');
    await received('reload', '6281500000031@s.whatsapp.net', 'hi');
    await withRules('reload', [{ pattern: 'hi', reply: text('now') }]);
    await received('reload', '6281500000031@s.whatsapp.net', 'hi');
    replier.forget('reload');
    await received('reload', '6281500000032@s.whatsapp.net', 'hi');
    expect((await replies('reload')).map((r) => r.to)).toEqual(['6281500000031@s.whatsapp.net']);
  });
});
