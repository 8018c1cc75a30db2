// POST /messages acts on a session token remembered from an earlier read (SessionTokenCache) and
// checks it again inside its own write. Whatever changed since (the token revoked, the session
// disconnected, its default country) must answer exactly as a fresh read would, with nothing
// stored on the remembered token's say.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, sessions } from '../../../../shared/src/db/schema.js';
import { bearer, startUnitEdge, textMessage as text, type UnitEdge } from '../../../../test-support/unit-edge.js';
import { SessionTokenCache } from '../../auth/session-token-cache.js';

let edge: UnitEdge;
beforeAll(async () => {
  edge = await startUnitEdge();
});
afterAll(async () => edge?.close());

const send = (sessionId: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  edge.json('POST', `/api/v1/messages?sessionId=${sessionId}`, { body, headers: { ...bearer(token), ...headers } });
const stored = async (sessionId: string) =>
  (
    await edge.db
      .select({ jid: messages.remoteJid })
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.direction, 'out')))
      .orderBy(messages.id)
  ).map((m) => m.jid);

/** As deleting or re-issuing the token does: its hash is no longer the session's. */
const revoke = (sessionId: string) =>
  edge.db
    .update(sessions)
    .set({ tokenHash: `revoked ${sessionId}` })
    .where(eq(sessions.id, sessionId));

/** A connected session whose token the edge has just read (and so remembers). */
async function rememberedSession(sessionId: string, defaultCountry: string | null = null): Promise<string> {
  const token = await edge.createSession(sessionId);
  await edge.db.update(sessions).set({ status: 'CONNECTED', defaultCountry }).where(eq(sessions.id, sessionId));
  expect((await send(sessionId, token, text('6281234567890', 'first'))).status).toBe(200);
  return token;
}

describe('POST /messages with a remembered session token', () => {
  it('a token revoked since it was remembered is refused with 401 and stores nothing', async () => {
    const token = await rememberedSession('tr-revoked');
    await revoke('tr-revoked');
    const res = await send('tr-revoked', token, text('6281234567891', 'after revoke'));
    expect(res).toMatchObject({ status: 401, body: { message: 'Invalid or revoked token.' } });
    expect(await stored('tr-revoked')).toEqual(['6281234567890@s.whatsapp.net']);
  });

  it('a session disconnected since is a 404 with the original words and stores nothing', async () => {
    const token = await rememberedSession('tr-disconnected');
    await edge.db.update(sessions).set({ status: 'DISCONNECTED' }).where(eq(sessions.id, 'tr-disconnected'));
    const res = await send('tr-disconnected', token, text('6281234567891', 'while disconnected'));
    expect(res).toMatchObject({ status: 404, body: { message: 'Session tr-disconnected not found or not connected.' } });
    expect(await stored('tr-disconnected')).toEqual(['6281234567890@s.whatsapp.net']);
  });

  it("a default country changed since reads national numbers in the session's new country", async () => {
    const token = await rememberedSession('tr-country', 'ID');
    await edge.db.update(sessions).set({ defaultCountry: 'MY' }).where(eq(sessions.id, 'tr-country'));
    const res = await send('tr-country', token, [text('6281234567892', 'international'), text('0123456789', 'national')]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject([
      { status: 'success', to: '6281234567892' },
      { status: 'success', to: '60123456789' },
    ]);
    expect(await stored('tr-country')).toEqual(['6281234567890@s.whatsapp.net', '6281234567892@s.whatsapp.net', '60123456789@s.whatsapp.net']);
  });

  it('a request with nothing to write is answered only after a fresh read: a revoked token gets 401, not the item errors', async () => {
    const token = await rememberedSession('tr-nothing');
    await revoke('tr-nothing');
    expect((await send('tr-nothing', token, text('12', 'too short'))).status).toBe(401);
    expect((await send('tr-nothing', token, { not: 'a message' })).status).toBe(401);
    expect((await send('tr-nothing', token, 'not json at all')).status).toBe(401);
  });

  it('an Idempotency-Key replay needs a fresh read: a revoked token gets 401, not the stored answer', async () => {
    const token = await rememberedSession('tr-replay');
    const first = await send('tr-replay', token, text('6281234567893', 'once'), { 'idempotency-key': 'k1' });
    expect(first.status).toBe(200);
    expect(await send('tr-replay', token, text('6281234567893', 'once'), { 'idempotency-key': 'k1' })).toMatchObject({ status: 200, body: first.body });
    await revoke('tr-replay');
    expect((await send('tr-replay', token, text('6281234567893', 'once'), { 'idempotency-key': 'k1' })).status).toBe(401);
  });

  it('no other route trusts a remembered token: it is read afresh there', async () => {
    const token = await rememberedSession('tr-other-routes');
    await revoke('tr-other-routes');
    expect((await edge.json('GET', '/api/v1/sessions/tr-other-routes', { headers: bearer(token) })).status).toBe(401);
    expect((await edge.json('GET', '/api/v1/messages?sessionId=tr-other-routes', { headers: bearer(token) })).status).toBe(401);
  });
});

describe('SessionTokenCache', () => {
  const token = { sessionId: 's', defaultCountry: null };
  it('forgets a token after its time to live', () => {
    const cache = new SessionTokenCache(1_000, 10);
    cache.remember('h', token, 0);
    expect(cache.recall('h', 999)).toMatchObject(token);
    expect(cache.recall('h', 1_000)).toBeUndefined();
    expect(cache.recall('h', 0)).toBeUndefined();
  });

  it('keeps at most its capacity, the oldest going first', () => {
    const cache = new SessionTokenCache(1_000, 2);
    cache.remember('a', token, 0);
    cache.remember('b', token, 0);
    cache.remember('c', token, 0);
    expect(cache.recall('a', 1)).toBeUndefined();
    expect(cache.recall('b', 1)).toBeDefined();
    expect(cache.recall('c', 1)).toBeDefined();
  });
});
