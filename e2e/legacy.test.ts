import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import * as t from '../shared/src/db/schema.js';
import { FormData } from '../test-support/stack.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';

const ALICE = '6281111111111';

async function postForm(gw: Gateway, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const res = await gw.stack.fetch(path, { method: 'POST', body: form, headers });
  return { status: res.status, body: (await res.json()) as any };
}

/** Every message row the gateway holds: a refused request must not add one. */
const queuedMessages = async (gw: Gateway) => (await gw.stack.host.db.select({ n: sql<number>`count(*)` }).from(t.messages))[0]!.n;

describe('legacy endpoints, token required (the default)', () => {
  let gw: Gateway;
  let token: string;
  let otherToken: string;
  beforeAll(async () => {
    gw = await startGateway();
    gw.sim.addContact(ALICE, { name: 'Alice' });
    token = await gw.pairSession('legacy', '6280000000011', 'Legacy Shop');
    otherToken = await gw.stack.createSession('other');
  });
  afterAll(async () => gw?.close());

  for (const path of ['/api/send-message', '/api/v1/legacy/send-message']) {
    it(`POST ${path} (JSON) sends the text; the answer is one POST /messages entry`, async () => {
      const res = await gw.stack.json('POST', path, {
        body: { sessionId: 'legacy', number: ALICE, message: `legacy json via ${path}` },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'success',
        message: `Message sent to ${ALICE}`,
        messageId: expect.any(String),
        index: 0,
        to: ALICE,
        messageStatus: 'queued',
        // the LID once the session learned it (an earlier send to Alice), null before
        phone: ALICE,
        lid: expect.toBeOneOf([null, gw.sim.addContact(ALICE).lid]),
      });
      const [sent] = await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === res.body.messageId });
      expect(sent!.text).toBe(`legacy json via ${path}`);
    });
  }

  for (const path of ['/api/message', '/api/v1/legacy/message']) {
    it(`POST ${path} (form) sends the text, defaulting to the token's session`, async () => {
      const res = await postForm(gw, path, { phone: ALICE, message: `legacy form via ${path}` }, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      const [sent] = await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === res.body.messageId });
      expect(sent!.text).toBe(`legacy form via ${path}`);
    });
  }

  it('validation messages are the original ones', async () => {
    const auth = { authorization: `Bearer ${token}` };
    expect((await gw.stack.json('POST', '/api/send-message', { body: { sessionId: 'legacy', number: ALICE }, headers: auth })).body).toEqual({
      status: 'error',
      message: 'sessionId, number, and message are required.',
    });
    expect((await gw.stack.json('POST', '/api/send-message', { body: { sessionId: 'legacy', number: '12ab', message: 'x' }, headers: auth })).body).toEqual({
      status: 'error',
      message: 'Invalid phone number format. Use 8-15 digits.',
    });
    expect((await postForm(gw, '/api/message', { message: 'no phone' }, auth)).body).toEqual({ status: 'error', message: 'phone and message are required.' });
  });

  it('without a token → 401; with another session’s token → 403; nothing is queued', async () => {
    const before = await queuedMessages(gw);
    expect((await gw.stack.json('POST', '/api/send-message', { body: { sessionId: 'legacy', number: ALICE, message: 'anon' } })).status).toBe(401);
    expect((await postForm(gw, '/api/message', { phone: ALICE, message: 'anon', sessionId: 'legacy' })).status).toBe(401);
    expect(
      (
        await gw.stack.json('POST', '/api/send-message', {
          body: { sessionId: 'legacy', number: ALICE, message: 'cross' },
          headers: { authorization: `Bearer ${otherToken}` },
        })
      ).status,
    ).toBe(403);
    // Nothing reaches the send queue, so nothing can be sent later.
    expect(await queuedMessages(gw)).toBe(before);
  });

  it('limits a session to 10 legacy requests a minute (429 after), counted after authentication', async () => {
    // The window is a fixed minute: start well inside one so the requests share it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const send = (headers: Record<string, string>, ip: string) =>
      gw.stack.json('POST', '/api/v1/legacy/send-message', {
        body: { sessionId: 'other', number: ALICE, message: 'burst' },
        headers: { ...headers, 'cf-connecting-ip': ip },
      });
    // Anonymous callers and wrong tokens naming the session use none of its allowance.
    for (let i = 0; i < 15; i++) expect((await send(i % 2 ? {} : { authorization: 'Bearer wag_wrong' }, '203.0.113.66')).status).toBe(401);
    const statuses: number[] = [];
    // 'other' is not connected: each counted request answers 404 until the limit.
    for (let i = 0; i < 11; i++) statuses.push((await send({ authorization: `Bearer ${otherToken}` }, `203.0.113.${i}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(statuses[10]).toBe(429);
    // Another session keeps its own allowance.
    const own = await gw.stack.json('POST', '/api/v1/legacy/send-message', {
      body: { sessionId: 'legacy', number: ALICE, message: 'own allowance' },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(own.status).toBe(200);
  });
});

describe('legacy endpoints with LEGACY_API_AUTH=none and LEGACY_DEFAULT_SESSION', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({}, { LEGACY_API_AUTH: 'none', LEGACY_DEFAULT_SESSION: 'open' });
    gw.sim.addContact(ALICE, { name: 'Alice' });
    await gw.pairSession('open', '6280000000012', 'Open Shop');
  });
  afterAll(async () => gw?.close());

  it('the form endpoint works without a token and uses the default session', async () => {
    const res = await postForm(gw, '/api/message', { phone: ALICE, message: 'open form' });
    expect(res.status).toBe(200);
    const [sent] = await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === res.body.messageId });
    expect(sent).toMatchObject({ text: 'open form', from: '6280000000012' });
  });
});
