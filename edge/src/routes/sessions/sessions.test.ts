import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../shared/src/db/schema.js';
import { startTestStack, type TestStack } from '../../../../test-support/stack.js';
import { PAIRING_CODES_PER_WINDOW } from './pairing-code.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.close());

const master = () => ({ 'x-master-key': stack.masterKey });

describe('POST /api/v1/sessions', () => {
  it('creates a session with the master key, returns a token once and stores only its hash', async () => {
    const res = await stack.json('POST', '/api/v1/sessions', { body: { sessionId: 'alpha' }, headers: master() });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ status: 'success', message: 'Session alpha created.', token: expect.stringMatching(/^wag_[A-Za-z0-9_-]{43}$/) });
    const [row] = await stack.host.db.select().from(t.sessions).where(eq(t.sessions.id, 'alpha'));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(res.body.token);
  });

  it('asks the session host to start it: the host takes the lease and reports that it has no WhatsApp client', async () => {
    await stack.createSession('leased');
    const [lease] = await stack.host.db.select().from(t.hostLeases).where(eq(t.hostLeases.sessionId, 'leased'));
    expect(lease).toMatchObject({ hostId: stack.host.hostId, hostUrl: stack.host.url });
    const list = await stack.json('GET', '/api/v1/sessions', { headers: master() });
    expect(list.body.find((s: any) => s.sessionId === 'leased')).toMatchObject({
      status: 'STARTING',
      detail: expect.stringContaining('no WhatsApp client'),
      qr: null,
    });
  });

  it('refuses a duplicate with 409', async () => {
    await stack.createSession('dup');
    const res = await stack.json('POST', '/api/v1/sessions', { body: { sessionId: 'dup' }, headers: master() });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ status: 'error', message: 'Session dup already exists.' });
  });

  it.each([
    ['', 'sessionId'],
    ['a'.repeat(65), 'sessionId'],
    ['bad id', 'sessionId'],
    ['../etc', 'sessionId'],
  ])('rejects sessionId %j with 400 naming the field', async (sessionId, field) => {
    const res = await stack.json('POST', '/api/v1/sessions', { body: { sessionId }, headers: master() });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('error');
    expect(res.body.message).toContain(field);
    expect(res.body.details[0].path).toBe('sessionId');
  });

  it('rejects a missing body field and malformed JSON with 400', async () => {
    const missing = await stack.json('POST', '/api/v1/sessions', { body: {}, headers: master() });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('sessionId');
    const malformed = await stack.json('POST', '/api/v1/sessions', { body: '{"sessionId":', headers: master() });
    expect(malformed.status).toBe(400);
    expect(malformed.body.status).toBe('error');
  });

  it('needs the master key: none → 401, wrong → 401, a session token → 403', async () => {
    const token = await stack.createSession('owner1');
    const none = await stack.json('POST', '/api/v1/sessions', { body: { sessionId: 'x1' } });
    expect(none.status).toBe(401);
    const wrong = await stack.json('POST', '/api/v1/sessions', { body: { sessionId: 'x1' }, headers: { 'x-master-key': 'nope' } });
    expect(wrong.status).toBe(401);
    const asSession = await stack.json('POST', '/api/v1/sessions', { body: { sessionId: 'x1' }, headers: { authorization: `Bearer ${token}` } });
    expect(asSession.status).toBe(403);
    const list = await stack.json('GET', '/api/v1/sessions');
    expect(list.body.some((s: any) => s.sessionId === 'x1')).toBe(false);
  });
});

describe('GET /api/v1/sessions', () => {
  // A waiting QR links whoever scans it into the session: only its owner may see it.
  async function waitingForScan(sessionId: string): Promise<string> {
    const token = await stack.createSession(sessionId);
    await stack.host.db
      .update(t.sessions)
      .set({ status: 'QR', qr: `2@qr-of-${sessionId}`, detail: `Scan the QR of ${sessionId}` })
      .where(eq(t.sessions.id, sessionId));
    return token;
  }
  const entry = (body: any[], sessionId: string) => body.find((s) => s.sessionId === sessionId);

  it('shows anonymous callers only sessionId and status: no QR, detail or token', async () => {
    const token = await waitingForScan('listed');
    const res = await stack.json('GET', '/api/v1/sessions');
    expect(res.status).toBe(200);
    expect(entry(res.body, 'listed')).toEqual({ sessionId: 'listed', status: 'QR' });
    for (const item of res.body) expect(Object.keys(item).sort()).toEqual(['sessionId', 'status']);
    expect(JSON.stringify(res.body)).not.toContain('qr-of-');
    expect(JSON.stringify(res.body)).not.toContain(token);
  });

  it("shows a session token its own session in full and other sessions' status only, never a token", async () => {
    const own = await waitingForScan('own-qr');
    await waitingForScan('other-qr');
    const res = await stack.json('GET', '/api/v1/sessions', { headers: { authorization: `Bearer ${own}` } });
    expect(entry(res.body, 'own-qr')).toEqual({
      sessionId: 'own-qr',
      status: 'QR',
      detail: 'Scan the QR of own-qr',
      qr: '2@qr-of-own-qr',
      defaultCountry: null,
      proxy: null,
    });
    expect(entry(res.body, 'other-qr')).toEqual({ sessionId: 'other-qr', status: 'QR' });
    expect(JSON.stringify(res.body)).not.toContain('wag_');
  });

  it('shows the master key every session in full with its token', async () => {
    const token = await waitingForScan('visible');
    const res = await stack.json('GET', '/api/v1/sessions', { headers: master() });
    expect(entry(res.body, 'visible')).toEqual({
      sessionId: 'visible',
      status: 'QR',
      detail: 'Scan the QR of visible',
      qr: '2@qr-of-visible',
      token,
      defaultCountry: null,
      proxy: null,
    });
  });
});

describe('GET /api/v1/sessions/:sessionId', () => {
  it('its own token sees it in full without a token, the master key with it; another token 403, unknown 404, none 401', async () => {
    const token = await stack.createSession('single');
    const other = await stack.createSession('single-other');
    await stack.host.db
      .update(t.sessions)
      .set({ status: 'DISCONNECTED', detail: 'Connection closed (503). Reconnecting: attempt 2' })
      .where(eq(t.sessions.id, 'single'));
    const own = await stack.json('GET', '/api/v1/sessions/single', { headers: { authorization: `Bearer ${token}` } });
    expect(own).toEqual({
      status: 200,
      body: {
        sessionId: 'single',
        status: 'DISCONNECTED',
        detail: 'Connection closed (503). Reconnecting: attempt 2',
        qr: null,
        defaultCountry: null,
        proxy: null,
      },
    });
    expect((await stack.json('GET', '/api/v1/sessions/single', { headers: master() })).body).toMatchObject({ sessionId: 'single', token });
    expect((await stack.json('GET', '/api/v1/sessions/single', { headers: { authorization: `Bearer ${other}` } })).status).toBe(403);
    expect((await stack.json('GET', '/api/v1/sessions/nobody-here', { headers: master() })).status).toBe(404);
    expect((await stack.json('GET', '/api/v1/sessions/single')).status).toBe(401);
    const invalid = await stack.json('GET', '/api/v1/sessions/bad%20id', { headers: master() });
    expect(invalid.status).toBe(400);
  });
});

describe('DELETE /api/v1/sessions/:sessionId', () => {
  it('auth matrix: none 401, wrong 401, other session 403; the session survives', async () => {
    await stack.createSession('victim');
    const other = await stack.createSession('attacker');
    expect((await stack.json('DELETE', '/api/v1/sessions/victim')).status).toBe(401);
    expect((await stack.json('DELETE', '/api/v1/sessions/victim', { headers: { authorization: 'Bearer wag_wrong' } })).status).toBe(401);
    const forbidden = await stack.json('DELETE', '/api/v1/sessions/victim', { headers: { authorization: `Bearer ${other}` } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toContain('another session');
    const rows = await stack.host.db.select().from(t.sessions).where(eq(t.sessions.id, 'victim'));
    expect(rows).toHaveLength(1);
  });

  it('404 for an unknown session, 400 for an invalid id', async () => {
    expect((await stack.json('DELETE', '/api/v1/sessions/ghost', { headers: master() })).status).toBe(404);
    expect((await stack.json('DELETE', `/api/v1/sessions/${'x'.repeat(70)}`, { headers: master() })).status).toBe(400);
  });

  it('with its own token: stops it on the host and removes every row it owns; the token stops working', async () => {
    const token = await stack.createSession('doomed');
    const keep = await stack.createSession('kept');
    const auth = { authorization: `Bearer ${token}` };
    await stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'doomed', url: 'https://example.com/hook' }, headers: auth });
    await stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'kept', url: 'https://example.com/kept' }, headers: { authorization: `Bearer ${keep}` } });
    const db = stack.host.db;
    await db.insert(t.waAuthState).values({ sessionId: 'doomed', category: 'creds', keyId: '', value: '{}' });
    await db.insert(t.webhookOutbox).values({ sessionId: 'doomed', eventId: 'e1', event: 'session.update', body: '{}' });
    await db
      .insert(t.messages)
      .values({ sessionId: 'doomed', waMessageId: 'M1', direction: 'out', remoteJid: 'x@s.whatsapp.net', type: 'text', payload: '{}', status: 'queued' });
    expect(stack.host.sessions.ownedSessions.has('doomed')).toBe(true);

    const res = await stack.json('DELETE', '/api/v1/sessions/doomed', { headers: auth });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'success', message: 'Session doomed deleted.' });
    expect(stack.host.sessions.ownedSessions.has('doomed')).toBe(false);
    for (const [table, column] of [
      [t.sessions, t.sessions.id],
      [t.sessionWebhooks, t.sessionWebhooks.sessionId],
      [t.waAuthState, t.waAuthState.sessionId],
      [t.webhookOutbox, t.webhookOutbox.sessionId],
      [t.sessionEvents, t.sessionEvents.sessionId],
      [t.messages, t.messages.sessionId],
      [t.hostLeases, t.hostLeases.sessionId],
    ] as const) {
      expect(
        await db
          .select()
          .from(table as any)
          .where(eq(column as any, 'doomed')),
      ).toHaveLength(0);
    }
    expect(await db.select().from(t.sessionWebhooks).where(eq(t.sessionWebhooks.sessionId, 'kept'))).toHaveLength(1);
    expect((await stack.json('GET', '/api/v1/webhook?sessionId=doomed', { headers: auth })).status).toBe(401);
  });

  it('with the master key', async () => {
    await stack.createSession('bymaster');
    expect((await stack.json('DELETE', '/api/v1/sessions/bymaster', { headers: master() })).status).toBe(200);
  });
});

describe('POST /api/v1/sessions/:sessionId/pairing-code without a usable host', () => {
  it('503 when the owning host has no WhatsApp client, 503 naming the session when no host owns it', async () => {
    const token = await stack.createSession('nohost');
    const auth = { authorization: `Bearer ${token}` };
    const noClient = await stack.json('POST', '/api/v1/sessions/nohost/pairing-code', { body: { phoneNumber: '6281234567890' }, headers: auth });
    expect(noClient).toEqual({ status: 503, body: { status: 'error', message: 'This session host has no WhatsApp client.' } });
    await stack.host.sessions.stop('nohost', { logout: false });
    const noOwner = await stack.json('POST', '/api/v1/sessions/nohost/pairing-code', { body: { phoneNumber: '6281234567890' }, headers: auth });
    expect(noOwner.status).toBe(503);
    expect(noOwner.body.message).toContain('No session host is running session nohost');
  });
});

describe('POST /api/v1/sessions/:sessionId/pairing-code rate limit', () => {
  it(`allows ${PAIRING_CODES_PER_WINDOW} requests per session per window, then 429 with Retry-After; other sessions keep theirs`, async () => {
    const flooded = { authorization: `Bearer ${await stack.createSession('code-flood')}` };
    const other = { authorization: `Bearer ${await stack.createSession('code-other')}` };
    const ask = (sessionId: string, headers: Record<string, string>) =>
      stack.fetch(`/api/v1/sessions/${sessionId}/pairing-code`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ phoneNumber: '6281234567890' }),
      });
    // The window is fixed: start well inside one so every request shares it.
    const into = Date.now() % (15 * 60_000);
    if (into > 15 * 60_000 - 10_000) await new Promise((resolve) => setTimeout(resolve, 15 * 60_000 - into + 500));
    for (let i = 0; i < PAIRING_CODES_PER_WINDOW; i++) expect((await ask('code-flood', flooded)).status).toBe(503);
    const refused = await ask('code-flood', flooded);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^Too many requests/);
    expect((await ask('code-other', other)).status).toBe(503);
  });
});
