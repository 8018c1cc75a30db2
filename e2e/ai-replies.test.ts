// AI replies end to end: the real gateway and Baileys on the simulator, the AI endpoint a loopback
// fake of the OpenAI chat API. Proved by what the fake received (model, key, system prompt and the
// chat's latest texts as user/assistant), what the simulated contact decrypted, GET …/ai, message
// rows and the webhooks a receiver got. Silence is proved without sleeping: a chat's turns run one
// after another, so when a later message is answered, every earlier turn has ended.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiReplyChats, aiReplyConfigs, auditLog, sessionEvents } from '../shared/src/db/schema.js';
import { downEndpointUrl, startFakeOpenAi } from '../test-support/fake-openai.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { scrapeMetrics, type Samples } from '../test-support/metrics.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

const API_KEY = 'sk-test-4f1c2b9e-never-shown';
const METRICS_TOKEN = 'metrics-token-for-the-ai-test';
let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;

beforeAll(async () => {
  gw = await startGateway({ AI_TIMEOUT_MS: '1500', METRICS_TOKEN });
  receiver = await startWebhookReceiver();
  fake = await startFakeOpenAi({ kind: 'reply', text: (r) => `AI answer ${r.body.messages.filter((m) => m.role === 'user').length}` });
});
afterAll(async () => {
  await fake?.close();
  await receiver?.close();
  await gw?.close();
});

const master = () => ({ 'x-master-key': gw.stack.masterKey });

/** A connected session of the test's own with AI replies set up (master key), and its helpers. */
async function aiSession(sessionId: string, phone: string, contact: string, settings: Record<string, unknown> = {}) {
  gw.sim.addContact(contact, { name: `Contact ${contact.slice(-3)}` });
  const { token, sendText } = await gw.ownSession(sessionId, phone, { webhookUrl: receiver.url, to: contact });
  const headers = { authorization: `Bearer ${token}` };
  const put = async (body: Record<string, unknown>) => {
    const res = await gw.stack.json('PUT', `/api/v1/sessions/${sessionId}/ai`, { body, headers: master() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const base = { enabled: true, baseUrl: fake.baseUrl, model: 'gpt-test', apiKey: API_KEY, systemPrompt: `You are the shop assistant of ${sessionId}.` };
  const stored = await put({ ...base, ...settings });
  const get = async () => {
    const res = await gw.stack.json('GET', `/api/v1/sessions/${sessionId}/ai`, { headers });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const chatPath = `/api/v1/sessions/${sessionId}/chats/${contact}/ai`;
  const chat = async (enabled?: boolean) => {
    const res = await gw.stack.json(enabled === undefined ? 'GET' : 'PUT', chatPath, { headers, ...(enabled === undefined ? {} : { body: { enabled } }) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  /** The contact writes; resolves with the message id once the gateway recorded it. */
  const write = async (text: string) => {
    const id = await gw.sim.sendFrom(contact, { text }, { to: phone });
    await receiver.waitFor((r) => r.body.sessionId === sessionId && r.body.event === 'message.received' && r.body.data.id === id);
    return id;
  };
  /** Requests the fake got for this session (its system prompt names it). */
  const requests = () => fake.requests.filter((r) => r.body.messages?.[0]?.content === base.systemPrompt);
  const aiTexts = () => gw.sim.sent(contact).filter((m) => m.text?.startsWith('AI answer'));
  const aiError = (messageId: string) =>
    receiver.waitFor((r) => r.body.sessionId === sessionId && r.body.event === 'ai.error' && r.body.data.messageId === messageId);
  return { token, headers, stored, put: (body: Record<string, unknown>) => put({ ...base, ...body }), get, chat, write, requests, aiTexts, aiError, sendText };
}

describe('AI replies', () => {
  it('sends the system prompt and the last N texts as user/assistant, and the contact decrypts the reply; the key is never shown', async () => {
    const contact = '6281800000101';
    const s = await aiSession('ai-context', '6280000000801', contact, { contextMessages: 3 });
    expect(s.stored).toMatchObject({ configured: true, enabled: true, hasKey: true, model: 'gpt-test', contextMessages: 3, lastError: null });

    await s.write('Hi, when do you open?');
    const [first] = await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer 1' });
    expect(first?.text).toBe('AI answer 1');
    const request = s.requests()[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.body.model).toBe('gpt-test');
    expect(request.body.messages).toEqual([
      { role: 'system', content: 'You are the shop assistant of ai-context.' },
      { role: 'user', content: 'Hi, when do you open?' },
    ]);

    await s.write('And on Sunday?');
    await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer 2' });
    // contextMessages 3: the first question, the AI's answer and the new question.
    expect(s.requests()[1]!.body.messages).toEqual([
      { role: 'system', content: 'You are the shop assistant of ai-context.' },
      { role: 'user', content: 'Hi, when do you open?' },
      { role: 'assistant', content: 'AI answer 1' },
      { role: 'user', content: 'And on Sunday?' },
    ]);
    await s.write('Thanks!');
    const third = await fake.waitForRequest((r) => r.body.messages?.[0]?.content === 'You are the shop assistant of ai-context.', 3);
    // The oldest question has dropped out of the three.
    expect(third.body.messages.slice(1).map((m) => m.content)).toEqual(['And on Sunday?', 'AI answer 2', 'Thanks!']);

    // The replies are messages like any other: rows marked ai, sent through the queue, with statuses.
    const list = await gw.stack.json('GET', '/api/v1/messages?sessionId=ai-context&direction=out&limit=10', { headers: s.headers });
    expect(list.body.messages.filter((m: { origin: string | null }) => m.origin === 'ai').length).toBeGreaterThanOrEqual(2);
    await receiver.waitFor((r) => r.body.sessionId === 'ai-context' && r.body.event === 'message.status' && r.body.data.status === 'sent');
    const view = await s.get();
    expect(view).toMatchObject({ enabled: true, hasKey: true, repliesToday: expect.any(Number) });
    expect(view.repliesToday).toBeGreaterThanOrEqual(2);

    // The key: sealed in the database, in no answer, event or audit entry.
    const [row] = await gw.stack.host.db.select().from(aiReplyConfigs).where(eq(aiReplyConfigs.sessionId, 'ai-context'));
    expect(row?.keySealed).toBeTruthy();
    expect(row?.keySealed).not.toContain(API_KEY);
    const events = await gw.stack.host.db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, 'ai-context'));
    const audit = await gw.stack.host.db.select().from(auditLog).where(eq(auditLog.sessionId, 'ai-context'));
    expect(audit.map((a) => a.action)).toContain('session.ai');
    for (const text of [JSON.stringify(s.stored), JSON.stringify(view), JSON.stringify(events), JSON.stringify(audit), JSON.stringify(list.body)])
      expect(text).not.toContain(API_KEY);
  });

  it('honours the daily cap: past it no call and no reply, an ai.error and lastError say why', async () => {
    const contact = '6281800000201';
    const s = await aiSession('ai-cap', '6280000000802', contact, { dailyCap: 1 });
    await s.write('First question');
    await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer 1' });
    const second = await s.write('Second question');
    const error = await s.aiError(second);
    expect(error.body.data).toMatchObject({ reason: 'daily-cap', chatId: `${contact}@s.whatsapp.net` });
    expect(error.body.data.error).toMatch(/daily cap of 1/);
    expect(s.requests()).toHaveLength(1);
    expect(s.aiTexts()).toHaveLength(1);
    const view = await s.get();
    expect(view.repliesToday).toBe(1);
    expect(view.lastError?.message).toMatch(/daily cap of 1/);
    // A higher cap lets the AI answer again the same day.
    await s.put({ dailyCap: 2 });
    await s.write('Third question');
    await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer 3' });
  });

  it('an operator writing in the chat takes it over (the AI stays silent), the switch too, and handing back brings the AI back', async () => {
    const contact = '6281800000301';
    const s = await aiSession('ai-takeover', '6280000000803', contact);
    await s.write('Hello?');
    await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer 1' });

    await s.sendText('A human here, let me check.');
    await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'A human here, let me check.' });
    expect(await s.chat()).toMatchObject({ aiActive: false, takenOver: { by: 'message' } });
    await s.write('Ok, waiting');
    await s.write('Still there?');
    expect((await s.chat()).aiActive).toBe(false);

    // Handing back: only the next question is answered, with the operator's text in the context.
    expect(await s.chat(true)).toMatchObject({ aiActive: true, takenOver: null });
    await s.write('Back to the bot');
    await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer 4' });
    expect(s.requests()).toHaveLength(2);
    expect(s.requests()[1]!.body.messages.slice(-4)).toEqual([
      { role: 'assistant', content: 'A human here, let me check.' },
      { role: 'user', content: 'Ok, waiting' },
      { role: 'user', content: 'Still there?' },
      { role: 'user', content: 'Back to the bot' },
    ]);

    // The switch: off, silent; on again, answered once.
    expect(await s.chat(false)).toMatchObject({ aiActive: false, takenOver: { by: 'switch' } });
    await s.write('Switched off?');
    await s.chat(true);
    await s.write('Switched on');
    await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer 6' });
    expect(s.requests()).toHaveLength(3);
    expect(s.aiTexts().map((m) => m.text)).toEqual(['AI answer 1', 'AI answer 4', 'AI answer 6']);
  });

  it("a reply the account's owner types on the phone is stored as outgoing (origin phone), shows in the inbox and takes the chat over", async () => {
    const contact = '6281800000351';
    const phone = '6280000000808';
    const s = await aiSession('ai-phone', phone, contact);
    await s.write('Hello?');
    await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer 1' });

    // WhatsApp names the chat by LIDs here: the gateway keeps it under the contact's number
    const typed = await gw.sim.sendFromPhone(contact, { text: 'Owner here, typing on my phone' }, { account: phone, addressing: 'lid' });
    const lastOfChat = async () =>
      (await gw.stack.json('GET', '/api/v1/sessions/ai-phone/chats', { headers: s.headers })).body.chats.find(
        (c: { chatId: string }) => c.chatId === `${contact}@s.whatsapp.net`,
      )?.lastMessage;
    await expect.poll(async () => (await lastOfChat())?.id, { timeout: 30_000, interval: 100 }).toBe(typed);
    expect(await lastOfChat()).toMatchObject({
      direction: 'out',
      type: 'text',
      status: 'sent',
      content: { kind: 'text', text: 'Owner here, typing on my phone' },
    });
    const status = await receiver.waitFor((r) => r.body.sessionId === 'ai-phone' && r.body.event === 'message.status' && r.body.data.id === typed);
    expect(status.body.data).toMatchObject({ to: `${contact}@s.whatsapp.net`, phone: contact, status: 'sent' });
    const list = await gw.stack.json('GET', `/api/v1/messages?sessionId=ai-phone&chatId=${contact}&limit=10`, { headers: s.headers });
    expect(list.body.messages[0]).toMatchObject({ id: typed, direction: 'out', origin: 'phone' });
    expect(await s.chat()).toMatchObject({ aiActive: false, takenOver: { by: 'message' } });
    await s.write('Ok, waiting');
    await s.write('Still there?');

    // Handed back, the next question is answered (so the two before were not), the phone's text in the context.
    expect(await s.chat(true)).toMatchObject({ aiActive: true, takenOver: null });
    await s.write('Back to the bot');
    await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer 4' });
    expect(s.requests()).toHaveLength(2);
    expect(s.requests()[1]!.body.messages.slice(-4)).toEqual([
      { role: 'assistant', content: 'Owner here, typing on my phone' },
      { role: 'user', content: 'Ok, waiting' },
      { role: 'user', content: 'Still there?' },
      { role: 'user', content: 'Back to the bot' },
    ]);
    expect(s.aiTexts().map((m) => m.text)).toEqual(['AI answer 1', 'AI answer 4']);
  });

  it("counts on the host's /metrics each message by result (replied, error, capped, taken_over) and times the endpoint calls", async () => {
    const contact = '6281800000361';
    const s = await aiSession('ai-metrics', '6280000000809', contact, { dailyCap: 2 });
    const scrape = () => scrapeMetrics(gw.stack.host.url, METRICS_TOKEN);
    const count = (samples: Samples, name: string) => samples.get(name) ?? 0;
    const REPLIES = ['replied', 'error', 'capped', 'taken_over'].map((result) => `wa_ai_replies_total{result="${result}"}`);
    const CALLS = ['ok', 'error'].map((outcome) => `wa_ai_call_seconds_count{outcome="${outcome}"}`);
    /** Scrapes until the counters moved by `want` since `before` (they move as the host works). */
    const moved = async (before: Samples, want: Record<string, number>) => {
      const names = [...REPLIES, ...CALLS];
      const delta = (now: Samples) => Object.fromEntries(names.map((n) => [n, count(now, n) - count(before, n)]));
      const expected = Object.fromEntries(names.map((n) => [n, want[n] ?? 0]));
      await expect.poll(async () => delta(await scrape()), { timeout: 30_000, interval: 100 }).toEqual(expected);
    };

    let before = await scrape();
    await s.write('First');
    await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer 1' });
    await moved(before, { [REPLIES[0]!]: 1, [CALLS[0]!]: 1 });
    const answered = await scrape();
    expect(count(answered, 'wa_ai_call_seconds_sum{outcome="ok"}')).toBeGreaterThan(count(before, 'wa_ai_call_seconds_sum{outcome="ok"}'));

    before = answered;
    await s.put({ baseUrl: await downEndpointUrl() });
    await s.aiError(await s.write('Endpoint down'));
    await moved(before, { [REPLIES[1]!]: 1, [CALLS[1]!]: 1 });

    before = await scrape();
    await s.put({ dailyCap: 1 });
    await s.aiError(await s.write('Past the cap'));
    await moved(before, { [REPLIES[2]!]: 1 });

    before = await scrape();
    await s.chat(false);
    await s.write('A human has it');
    await moved(before, { [REPLIES[3]!]: 1 });
    expect(s.requests()).toHaveLength(1);
  });

  it('an endpoint that is down, slow, failing or answering garbage makes no reply and a visible error, and the session carries on', async () => {
    const contact = '6281800000401';
    const own = await startFakeOpenAi({ kind: 'garbage' });
    try {
      const s = await aiSession('ai-faults', '6280000000804', contact, { baseUrl: own.baseUrl, systemPrompt: '' });
      const expectError = async (text: string, pattern: RegExp) => {
        const id = await s.write(text);
        const error = await s.aiError(id);
        expect(error.body.data).toMatchObject({ reason: 'endpoint' });
        expect(error.body.data.error).toMatch(pattern);
        expect(error.body.data.error).not.toContain(API_KEY);
        expect((await s.get()).lastError?.message).toMatch(pattern);
      };
      await expectError('garbage please', /not JSON/);
      own.behave({ kind: 'status', status: 500, body: JSON.stringify({ error: { message: `bad key ${API_KEY}` } }) });
      await expectError('error please', /HTTP 500/);
      own.behave({ kind: 'silent' });
      await expectError('slow please', /did not answer within 1500 ms/);
      await s.put({ baseUrl: await downEndpointUrl(), systemPrompt: '' });
      await expectError('down please', /could not be reached/);
      expect(gw.sim.sent(contact)).toHaveLength(0);

      // Nothing broke: the endpoint back, the next message is answered.
      own.behave({ kind: 'reply', text: () => 'AI answer recovered' });
      await s.put({ baseUrl: own.baseUrl, systemPrompt: '' });
      await s.write('all good now?');
      await gw.sim.waitForSent(contact, { pred: (m) => m.text === 'AI answer recovered' });
      expect((await gw.waitForSession('ai-faults', () => true)).status).toBe('CONNECTED');
    } finally {
      await own.close();
    }
  });

  it('only the master key or an admin sets it; bad settings are 400 naming the field; groups are refused; DELETE turns it off; deleting the session removes it', async () => {
    const contact = '6281800000501';
    const s = await aiSession('ai-api', '6280000000805', contact, { enabled: false });
    const valid = { enabled: true, baseUrl: fake.baseUrl, model: 'gpt-test' };
    const byToken = await gw.stack.json('PUT', '/api/v1/sessions/ai-api/ai', { body: valid, headers: s.headers });
    expect(byToken.status).toBe(403);
    for (const [body, field] of [
      [{ ...valid, baseUrl: 'ftp://example.com/v1' }, /baseUrl must start with http/],
      [{ ...valid, baseUrl: 'https://user:pw@example.com/v1' }, /baseUrl must not carry credentials/],
      [{ ...valid, contextMessages: 0 }, /contextMessages must be a whole number from 1 to 50/],
      [{ ...valid, dailyCap: 1.5 }, /dailyCap must be a whole number/],
      [{ ...valid, model: '' }, /model must not be empty/],
    ] as const) {
      const res = await gw.stack.json('PUT', '/api/v1/sessions/ai-api/ai', { body, headers: master() });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.status).toBe('error');
      expect(JSON.stringify(res.body.details)).toMatch(field);
    }
    const group = await gw.stack.json('PUT', '/api/v1/sessions/ai-api/chats/120363012345678901@g.us/ai', { body: { enabled: false }, headers: s.headers });
    expect(group.status).toBe(400);
    expect(group.body.message).toMatch(/1:1 chat/);
    // The stored key stays when apiKey is left out, and is removed with null.
    expect(await s.put({ enabled: false, apiKey: undefined })).toMatchObject({ hasKey: true });
    expect(await s.put({ enabled: false, apiKey: null })).toMatchObject({ hasKey: false });
    const removed = await gw.stack.json('DELETE', '/api/v1/sessions/ai-api/ai', { headers: s.headers });
    expect(removed.status).toBe(200);
    expect(await s.get()).toMatchObject({ configured: false, enabled: false, hasKey: false, lastError: null });
    // Deleting the session takes its AI settings and key with it.
    await s.put({ enabled: false });
    await s.chat(false);
    expect((await gw.stack.json('DELETE', '/api/v1/sessions/ai-api', { headers: master() })).status).toBe(200);
    const db = gw.stack.host.db;
    expect(await db.select().from(aiReplyConfigs).where(eq(aiReplyConfigs.sessionId, 'ai-api'))).toEqual([]);
    expect(await db.select().from(aiReplyChats).where(eq(aiReplyChats.sessionId, 'ai-api'))).toEqual([]);
  });
});
