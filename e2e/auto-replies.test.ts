// Auto-replies end to end on the simulator: a contact writes, the session's rule answers through the
// send queue, and the contact decrypts the answer. Cooldown, time window, regex (a catastrophic one
// included), first message from a new contact, the governor's count and a host restart, each proved
// by what the contacts decrypted, the message rows and GET /governor. The sessions' clock is the
// test's, so a time window can be entered and a cooldown passed without waiting.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../shared/src/db/schema.js';
import { PNG } from '../test-support/fixtures.js';
import { movableClock, startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const time = movableClock();
const { now: clock, set: setNow } = time;

beforeAll(async () => {
  gw = await startGateway({}, {}, { clock });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

/** A connected session of the test's own, with a "fence" rule: a contact writing "fence" gets
 * "fence ok". Incoming messages are handled one at a time in order, so once the fence contact has
 * its answer row, every message written before it has been looked at by the rules. */
async function answering(sessionId: string, phone: string, contacts: string[]) {
  const fence = `6281900${phone.slice(-6)}`;
  for (const c of [...contacts, fence]) gw.sim.addContact(c, { name: `Contact ${c.slice(-3)}` });
  const { token } = await gw.ownSession(sessionId, phone, { webhookUrl: receiver.url, to: contacts[0]! });
  const headers = { authorization: `Bearer ${token}` };
  const addRule = async (rule: Record<string, unknown>) => {
    const res = await gw.stack.json('POST', `/api/v1/sessions/${sessionId}/auto-replies`, { body: rule, headers });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.rule.id as number;
  };
  await addRule({ match: 'exact', pattern: 'fence', priority: 9999, cooldownSeconds: 60, reply: { type: 'text', text: { body: 'fence ok' } } });
  /** Auto-reply rows of the session to a contact (its phone digits). */
  const replies = (to: string) =>
    gw.stack.host.db
      .select()
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.remoteJid, `${to}@s.whatsapp.net`), eq(messages.origin, 'auto_reply')));
  let fences = 0;
  /** Returns once every message written before it has met the rules. */
  const settle = async () => {
    fences++;
    await gw.sim.sendFrom(fence, { text: 'fence' }, { to: phone });
    await expect.poll(async () => (await replies(fence)).length, { timeout: 20_000, interval: 100 }).toBe(fences);
    // The next fence must not be cooled down.
    setNow(new Date(clock() + 61_000).toISOString());
  };
  const write = (from: string, text: string) => gw.sim.sendFrom(from, { text }, { to: phone });
  const decrypted = (to: string, text: string) => gw.sim.sent(to).filter((m) => m.text === text).length;
  const waitDecrypted = (to: string, text: string) => gw.sim.waitForSent(to, { pred: (m) => m.text === text });
  return { token, headers, addRule, replies, settle, write, decrypted, waitDecrypted, fence };
}

describe('auto-replies', () => {
  it('a keyword gets the reply (decrypted by the contact, origin auto_reply, counted by the governor); the cooldown holds back a second one', async () => {
    setNow('2026-11-02T03:00:00Z');
    const [a] = ['6281800000001'];
    const s = await answering('ar-keyword', '6280000000801', [a]);
    await s.addRule({ match: 'contains', pattern: 'price', reply: { type: 'text', text: { body: 'Our prices: https://example.com/prices' } } });

    await s.write(a, 'What are your PRICES today?');
    await s.waitDecrypted(a, 'Our prices: https://example.com/prices');
    const [row] = await s.replies(a);
    expect(row).toMatchObject({ direction: 'out', type: 'text', origin: 'auto_reply' });
    await expect.poll(async () => (await s.replies(a))[0]?.sentAt ?? null, { timeout: 20_000 }).not.toBeNull();
    const listed = await gw.stack.json('GET', `/api/v1/messages?sessionId=ar-keyword&direction=out`, { headers: s.headers });
    expect(listed.body.messages.find((m: { id: string }) => m.id === row!.waMessageId)).toMatchObject({
      origin: 'auto_reply',
      remoteJid: `${a}@s.whatsapp.net`,
    });

    // Within the default hour of cooldown: no second reply.
    setNow('2026-11-02T03:30:00Z');
    await s.write(a, 'price again?');
    await s.settle();
    expect(await s.replies(a)).toHaveLength(1);
    expect(s.decrypted(a, 'Our prices: https://example.com/prices')).toBe(1);

    // The keyword reply and the fence's reply: both went through the governor and count.
    await expect
      .poll(async () => (await gw.stack.json('GET', '/api/v1/sessions/ar-keyword/governor', { headers: s.headers })).body.counts?.today, { timeout: 20_000 })
      .toBe(2);

    // After the cooldown the keyword answers again.
    setNow('2026-11-02T04:40:00Z');
    await s.write(a, 'price?');
    await expect.poll(() => s.decrypted(a, 'Our prices: https://example.com/prices'), { timeout: 20_000, interval: 100 }).toBe(2);
  });

  it('a media reply: an uploaded image with its caption, decrypted by the contact byte for byte', async () => {
    const [a] = ['6281800000061'];
    setNow('2026-11-10T03:00:00Z');
    const s = await answering('ar-media', '6280000000807', [a]);
    const upload = await gw.stack.upload(PNG, 'image/png', 'menu.png', s.headers);
    expect(upload.status).toBe(201);
    await s.addRule({ match: 'exact', pattern: 'menu', reply: { type: 'image', image: { id: upload.body.mediaId, caption: 'Today’s menu' } } });

    await s.write(a, 'Menu');
    const [image] = await gw.sim.waitForSent(a, { pred: (m) => m.kind === 'image' });
    expect(image).toMatchObject({ caption: 'Today’s menu', mimetype: 'image/png' });
    expect(Buffer.compare(image!.bytes!, PNG)).toBe(0);
    expect(await s.replies(a)).toEqual([expect.objectContaining({ type: 'image', origin: 'auto_reply' })]);
  });

  it('a rule answers only inside its time window (in its time zone); outside it the next rule may answer', async () => {
    const [a] = ['6281800000011'];
    setNow('2026-11-03T13:00:00Z'); // 20:00 in Jakarta
    const s = await answering('ar-window', '6280000000802', [a]);
    await s.addRule({
      match: 'contains',
      pattern: 'hello',
      timeWindow: '09:00-17:00',
      timeZone: 'Asia/Jakarta',
      reply: { type: 'text', text: { body: 'Hi, we are open' } },
    });
    await s.addRule({
      match: 'contains',
      pattern: 'hello',
      priority: 5,
      timeWindow: '17:00-09:00',
      timeZone: 'Asia/Jakarta',
      reply: { type: 'text', text: { body: 'We are closed' } },
    });

    await s.write(a, 'hello there');
    await s.waitDecrypted(a, 'We are closed');
    expect(s.decrypted(a, 'Hi, we are open')).toBe(0);

    setNow('2026-11-04T03:00:00Z'); // 10:00 the next day in Jakarta, past the cooldown
    await s.write(a, 'hello again');
    await s.waitDecrypted(a, 'Hi, we are open');
    expect(s.decrypted(a, 'We are closed')).toBe(1);
  });

  it('a regex rule answers what it matches; a catastrophic pattern is harmless (RE2, linear time); a bad one is a 400 naming pattern', async () => {
    const [a, b] = ['6281800000021', '6281800000022'];
    setNow('2026-11-05T03:00:00Z');
    const s = await answering('ar-regex', '6280000000803', [a, b]);
    await s.addRule({ match: 'regex', pattern: '^(a+)+$', priority: 1, reply: { type: 'text', text: { body: 'only a' } } });
    await s.addRule({ match: 'regex', pattern: '^order\\s+#?(\\d{3,8})$', priority: 2, reply: { type: 'text', text: { body: 'Your order is on its way' } } });

    // Exponential for a backtracking engine (2^4000 paths); RE2 answers "no match" in linear time.
    await s.write(b, `${'a'.repeat(4000)}!`);
    await s.settle();
    expect(await s.replies(b)).toHaveLength(0);

    await s.write(a, 'Order #123456');
    await s.waitDecrypted(a, 'Your order is on its way');
    expect(s.decrypted(a, 'only a')).toBe(0);

    for (const [pattern, words] of [
      ['(unclosed', 'pattern is not a valid regular expression'],
      ['(a)\\1', 'pattern is not a valid regular expression'],
      ['(.*){999}', 'pattern is too complex'],
    ] as const) {
      const res = await gw.stack.json('POST', '/api/v1/sessions/ar-regex/auto-replies', {
        body: { match: 'regex', pattern, reply: { type: 'text', text: { body: 'x' } } },
        headers: s.headers,
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(words);
      expect(res.body.details[0].path).toBe('pattern');
    }
  });

  it('first message from a new contact: only a contact the session never exchanged a message with gets the welcome, once', async () => {
    const [fresh, known] = ['6281800000031', '6281800000032'];
    setNow('2026-11-06T03:00:00Z');
    const s = await answering('ar-first', '6280000000804', [known, fresh]);
    // The session wrote to `known` before the rule existed.
    const sent = await gw.stack.json('POST', '/api/v1/messages?sessionId=ar-first', {
      body: { to: known, type: 'text', text: { body: 'earlier' } },
      headers: s.headers,
    });
    expect(sent.body[0].status).toBe('success');
    await s.waitDecrypted(known, 'earlier');
    await s.addRule({ match: 'first_message', priority: 0, reply: { type: 'text', text: { body: 'Welcome! We answer within a day.' } } });

    await s.write(fresh, 'hi');
    await s.waitDecrypted(fresh, 'Welcome! We answer within a day.');
    await s.write(known, 'hi');
    setNow('2026-11-07T03:00:00Z'); // past the cooldown: the second message is still not a first one
    await s.write(fresh, 'hi again');
    await s.settle();
    expect(await s.replies(known)).toHaveLength(0);
    expect(s.decrypted(fresh, 'Welcome! We answer within a day.')).toBe(1);
  });

  it('groups: only a rule that opts in answers in a group chat, into the group', async () => {
    const [ani, bayu] = ['6281800000051', '6281800000052'];
    setNow('2026-11-09T03:00:00Z');
    const s = await answering('ar-groups', '6280000000806', [ani, bayu]);
    await s.addRule({ match: 'contains', pattern: 'price', reply: { type: 'text', text: { body: 'prices in private' } } });
    await s.addRule({ match: 'contains', pattern: 'menu', groups: true, reply: { type: 'text', text: { body: 'group menu' } } });
    const group = gw.sim.createGroup('Auto group', { owner: ani, members: [bayu, '6280000000806'] }).id;

    await gw.sim.sendFrom(ani, { text: 'price?' }, { group });
    await s.settle();
    expect(gw.sim.sent(group).filter((m) => m.text === 'prices in private')).toHaveLength(0);
    await gw.sim.sendFrom(bayu, { text: 'menu please' }, { group });
    await gw.sim.waitForSent(group, { pred: (m) => m.text === 'group menu' });
    const rows = await gw.stack.host.db
      .select()
      .from(messages)
      .where(and(eq(messages.sessionId, 'ar-groups'), eq(messages.origin, 'auto_reply'), eq(messages.remoteJid, group)));
    expect(rows).toHaveLength(1);
  });

  it('the cooldown survives a host restart, and a disabled rule answers nothing', async () => {
    const [a, b] = ['6281800000041', '6281800000042'];
    setNow('2026-11-08T03:00:00Z');
    const s = await answering('ar-restart', '6280000000805', [a, b]);
    const id = await s.addRule({ match: 'exact', pattern: 'Menu', reply: { type: 'text', text: { body: 'Menu: 1 pizza, 2 pasta' } } });
    await s.write(a, 'menu');
    await s.waitDecrypted(a, 'Menu: 1 pizza, 2 pasta');

    await gw.stack.restartHost();
    await gw.waitForSession('ar-restart', (x) => x.status === 'CONNECTED');
    setNow('2026-11-08T03:20:00Z');
    await s.write(a, 'MENU');
    await s.settle();
    expect(await s.replies(a)).toHaveLength(1);

    const patched = await gw.stack.json('PATCH', `/api/v1/sessions/ar-restart/auto-replies/${id}`, { body: { enabled: false }, headers: s.headers });
    expect(patched.status).toBe(200);
    await s.write(b, 'menu');
    await s.settle();
    expect(await s.replies(b)).toHaveLength(0);
  });
});
