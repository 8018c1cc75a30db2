// The AI reply engine on a real libSQL file and the loopback fake of the chat API: one call at a time
// per chat (quick messages are answered together, never by overlapping calls), a session without
// AI settings is never asked about, and the API key reaches neither logs nor errors.
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal } from '../../../shared/src/crypto.js';
import { aiReplyConfigs, messages, sessionEvents } from '../../../shared/src/db/schema.js';
import { startFakeOpenAi } from '../../../test-support/fake-openai.js';
import { startDb, type DbFixture } from '../webhooks/test-helpers.js';
import { AiReplies } from './ai-replies.js';

const SECRET = 'host-shared-secret-for-ai-tests';
const KEY = 'sk-unit-7d3e-must-not-leak';
let fixture: DbFixture;
let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
const logLines: string[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

beforeAll(async () => {
  fixture = await startDb();
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake?.close();
  await fixture?.close();
});

/** An engine with its own session's settings stored and read, and a contact's writer. */
async function engine(sessionId: string, settings: Partial<typeof aiReplyConfigs.$inferInsert> = {}) {
  const { db } = fixture;
  const now = Date.now();
  await db.insert(aiReplyConfigs).values({
    sessionId,
    enabled: true,
    baseUrl: fake.baseUrl,
    model: 'unit-model',
    keySealed: await seal(SECRET, KEY, 'ai-key'),
    systemPrompt: '',
    contextMessages: 10,
    dailyCap: 100,
    enabledAt: now - 1000,
    ...settings,
  });
  const kicks: string[] = [];
  const ai = new AiReplies(db, { sealingSecret: SECRET, call: { timeoutMs: 2000, allowPrivateNetwork: true }, kick: (id) => kicks.push(id), logger });
  await ai.load(sessionId);
  let n = 0;
  const chatJid = '6281900000001@s.whatsapp.net';
  /** Records the contact's text as the incoming handler does, then tells the engine. */
  const write = async (text: string) => {
    const messageId = `IN-${sessionId}-${n++}`;
    const at = Date.now();
    await db.insert(messages).values({
      sessionId,
      waMessageId: messageId,
      direction: 'in',
      remoteJid: chatJid,
      type: 'conversation',
      payload: JSON.stringify({ text }),
      status: 'received',
      createdAt: at,
      updatedAt: at,
    });
    ai.received(sessionId, { chatJid, messageId, type: 'conversation', inGroup: false, receivedAt: at });
  };
  const replies = async () =>
    (await db.select().from(messages).where(eq(messages.sessionId, sessionId))).filter((m) => m.origin === 'ai').map((m) => JSON.parse(m.payload).text.body);
  return { ai, write, replies, kicks };
}

describe('AI reply engine', () => {
  it('one call at a time per chat: messages that come during a call are answered together by the next one', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = fake.requests.length;
    fake.behave({ kind: 'reply', text: (r) => `answer to ${r.body.messages.length} messages`, after: slow });
    const { ai, write, replies, kicks } = await engine('unit-serial');
    await write('one');
    await fake.waitForRequest(() => true, before + 1);
    await write('two');
    await write('three');
    release();
    await ai.settled();

    const asked = fake.requests.slice(before);
    // The second call came after the first answer was queued (the context is the chat in the order
    // it was written: that answer was queued after 'two' and 'three' arrived).
    expect(asked.map((r) => r.body.messages.map((m) => m.content))).toEqual([['one'], ['one', 'two', 'three', 'answer to 1 messages']]);
    expect(fake.maxInFlight).toBe(1);
    expect(await replies()).toEqual(['answer to 1 messages', 'answer to 4 messages']);
    expect(kicks).toEqual(['unit-serial', 'unit-serial']);
  });

  it('a session without AI settings, or switched off, is never asked about', async () => {
    const before = fake.requests.length;
    const { ai, write, replies } = await engine('unit-off', { enabled: false });
    await write('anyone there?');
    await ai.settled();
    // Also a session the engine never loaded.
    ai.received('unit-unknown', { chatJid: '6281900000009@s.whatsapp.net', messageId: 'X', type: 'conversation', inGroup: false, receivedAt: Date.now() });
    await ai.settled();
    expect(fake.requests.length).toBe(before);
    expect(await replies()).toEqual([]);
  });

  it('the key goes only in the Authorization header: a refusal quoting it or garbage leave it out of logs, lastError and events', async () => {
    fake.behave({ kind: 'status', status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } }) });
    const { ai, write, replies } = await engine('unit-key');
    await write('first');
    await ai.settled();
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    fake.behave({ kind: 'garbage' });
    await write('second');
    await ai.settled();

    const [config] = await fixture.db.select().from(aiReplyConfigs).where(eq(aiReplyConfigs.sessionId, 'unit-key'));
    expect(config?.lastError).toBe('the AI endpoint answered something that is not JSON');
    const events = await fixture.db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, 'unit-key'));
    expect(events.map((e) => JSON.parse(e.body).data.error)).toEqual([
      'the AI endpoint answered HTTP 401',
      'the AI endpoint answered something that is not JSON',
    ]);
    expect(logLines.some((line) => line.includes('the AI endpoint answered HTTP 401'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(KEY);
    expect(JSON.stringify(events)).not.toContain(KEY);
    expect(await replies()).toEqual([]);
  });
});
