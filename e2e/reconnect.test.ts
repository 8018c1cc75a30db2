// Transient faults are retried forever with growing waits and said plainly; only a logout, a ban or
// (by the operator's choice) a replaced device stop a session; a retired client version moves on.
import { DEFAULT_CONNECTION_CONFIG } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

const ALICE = '6281111111112';
const BUNDLED = DEFAULT_CONNECTION_CONFIG.version;
/** WA_VERSION of this gateway: older than Baileys' own, which is the newer version it knows. */
const CONFIGURED = `${BUNDLED[0]}.${BUNDLED[1]}.${BUNDLED[2] - 7}`;
let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  // Short waits so a test sees several attempts: 200 ms doubling to at most 3 s.
  gw = await startGateway({ RECONNECT_BASE_DELAY_MS: '200', RECONNECT_MAX_DELAY_MS: '3000', WA_VERSION: CONFIGURED });
  receiver = await startWebhookReceiver();
  gw.sim.addContact(ALICE, { name: 'Alice' });
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

type Update = { status: string; detail: string; qr?: string; nextAttemptAt?: string; attempt?: number };
const updates = (sessionId: string): Update[] =>
  receiver
    .delivered()
    .filter((r) => r.body.event === 'session.update' && r.body.sessionId === sessionId)
    .map((r) => r.body.data as Update);

const ownSession = (sessionId: string, phone: string) => gw.ownSession(sessionId, phone, { webhookUrl: receiver.url, to: ALICE, name: 'Healing' });

/** GET /api/v1/sessions/{id} with the session's own token. */
const getSession = async (sessionId: string, token: string) => {
  const res = await gw.stack.json('GET', `/api/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.body as { status: string; detail: string | null };
};

/** "attempt 3 at 2026-…Z (in 0.8 s)" → its attempt number, time and wait in ms. */
const attemptOf = (detail: string | null) => {
  const match = / attempt (\d+) at (\S+) \(in ([\d.]+) (s|min)\)/.exec(detail ?? '');
  if (!match) return undefined;
  return { attempt: Number(match[1]), at: Date.parse(match[2]!), waitMs: Number(match[3]) * (match[4] === 'min' ? 60_000 : 1000) };
};

describe('transient faults', () => {
  it('WhatsApp unreachable (connection refused): retries with growing waits, the next attempt time in GET and the event; back without a QR', async () => {
    const sessionId = 'offline';
    const { token, sendText } = await ownSession(sessionId, '6280000000701');
    await gw.sim.goOffline();
    const seen = new Map<number, number>();
    try {
      // Each attempt's detail stays up for its whole wait (at least 160 ms): polling sees every one.
      while (seen.size < 5) {
        const parsed = attemptOf((await getSession(sessionId, token)).detail);
        if (parsed && !seen.has(parsed.attempt)) seen.set(parsed.attempt, parsed.waitMs);
      }
      const down = await getSession(sessionId, token);
      expect(down.status).toBe('DISCONNECTED');
      expect(down.detail).toContain('Connection closed (408: connection refused). Reconnecting: attempt');
    } finally {
      await gw.sim.comeBack();
    }
    const waits = [...seen.entries()].sort(([a], [b]) => a - b).map(([, wait]) => wait);
    // Doubling with ±20 % jitter never shrinks a wait; the cap (3 s here) stops the growth.
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(waits.at(-1)).toBeGreaterThan(waits[0]!);
    await receiver.waitFor(() => updates(sessionId).at(-1)?.status === 'CONNECTED');
    const all = updates(sessionId);
    const during = all.slice(all.findIndex((u) => u.status === 'DISCONNECTED'));
    // One event per state: the drop, then the refusals (one cause however many attempts), then back.
    expect(during.map((u) => u.status)).toEqual(['DISCONNECTED', 'DISCONNECTED', 'CONNECTED']);
    expect(during[1]!.detail).toContain('connection refused');
    for (const u of during.slice(0, 2)) {
      expect(Date.parse(u.nextAttemptAt!)).toBe(attemptOf(u.detail)!.at);
      expect(u.attempt).toBe(attemptOf(u.detail)!.attempt);
    }
    const id = await sendText('after the outage');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
    expect(updates(sessionId).map((u) => u.status)).not.toContain('QR');
  });

  it('another login of the same device (440): stopped by default, with the reason in the status and the event', async () => {
    const sessionId = 'replaced';
    const phone = '6280000000702';
    const { token } = await ownSession(sessionId, phone);
    expect(gw.sim.conflict(phone)).toBe(1);
    const stopped = await receiver.waitFor((r) => r.body.sessionId === sessionId && r.body.data.status === 'DISCONNECTED');
    expect(stopped.body.data.detail).toContain('Another client replaced this connection (440); not reconnecting');
    expect(stopped.body.data.nextAttemptAt).toBeUndefined();
    expect(await getSession(sessionId, token)).toMatchObject({ status: 'DISCONNECTED', detail: stopped.body.data.detail });
  });

  it('a ban (403): BANNED with a plain reason in the status and the event, never a QR', async () => {
    const sessionId = 'banned';
    const phone = '6280000000703';
    const { token } = await ownSession(sessionId, phone);
    expect(gw.sim.streamError('403', phone)).toBe(1);
    const banned = await receiver.waitFor((r) => r.body.sessionId === sessionId && r.body.data.status === 'BANNED');
    expect(banned.body.data.detail).toContain('banned or restricted');
    expect(await getSession(sessionId, token)).toMatchObject({ status: 'BANNED' });
    expect(updates(sessionId).map((u) => u.status)).not.toContain('QR');
  });
});

describe('POST /sessions/{sessionId}/reconnect', () => {
  const reconnect = (sessionId: string, headers: Record<string, string>) => gw.stack.json('POST', `/api/v1/sessions/${sessionId}/reconnect`, { headers });

  it('a session stopped by another login (440) comes back without deleting it: connected again, no QR, sends; the audit log names who asked', async () => {
    const sessionId = 'replaced-again';
    const phone = '6280000000705';
    const { token, sendText } = await ownSession(sessionId, phone);
    expect(gw.sim.conflict(phone)).toBe(1);
    await receiver.waitFor((r) => r.body.sessionId === sessionId && String(r.body.data.detail).includes('not reconnecting'));
    const stoppedAt = updates(sessionId).length;

    const res = await reconnect(sessionId, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'success', message: `Session ${sessionId} is reconnecting.`, sessionId });
    await receiver.waitFor(() =>
      updates(sessionId)
        .slice(stoppedAt)
        .some((u) => u.status === 'CONNECTED'),
    );
    const id = await sendText('back after the takeover');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
    expect(updates(sessionId).map((u) => u.status)).not.toContain('QR');

    const audit = await gw.stack.json('GET', `/api/v1/audit?sessionId=${sessionId}&action=session.reconnect`, {
      headers: { 'x-master-key': gw.stack.masterKey },
    });
    expect(audit.body.entries.map((e: { actor: string; target: string; status: number }) => [e.actor, e.target, e.status])).toEqual([
      [`session:${sessionId}`, sessionId, 200],
    ]);
  });

  it('a logged-out session (401) is linked again through a new QR, keeping its token; another session’s token is refused and an unknown session is 404', async () => {
    const sessionId = 'relinked';
    const phone = '6280000000706';
    const { token, sendText } = await ownSession(sessionId, phone);
    const other = await ownSession('relinked-other', '6280000000707');
    expect(gw.sim.logout(phone)).toBe(1);
    await gw.waitForSession(sessionId, (s) => s.status === 'LOGGED_OUT');

    const refused = await reconnect(sessionId, { authorization: `Bearer ${other.token}` });
    expect(refused.status).toBe(403);
    expect(refused.body.status).toBe('error');
    const unknown = await reconnect('no-such-session', { 'x-master-key': gw.stack.masterKey });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Session no-such-session not found.');
    expect((await getSession(sessionId, token)).status).toBe('LOGGED_OUT');

    expect((await reconnect(sessionId, { authorization: `Bearer ${token}` })).status).toBe(200);
    const { qr } = await gw.waitForSession(sessionId, (s) => s.status === 'QR' && Boolean(s.qr));
    await gw.sim.scan(qr!, { phone, name: 'Healing' });
    await gw.waitForSession(sessionId, (s) => s.status === 'CONNECTED');
    const id = await sendText('linked again, same token');
    await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });
  });
});

describe('client version', () => {
  it('WhatsApp refuses the configured version (405): the status says so, the session moves to the newer known version and connects', async () => {
    const sessionId = 'version';
    const phone = '6280000000704';
    const { token, sendText } = await ownSession(sessionId, phone);
    expect(gw.sim.clientVersions().at(-1)).toBe(CONFIGURED);
    gw.sim.requireClientVersion(BUNDLED.join('.'));
    try {
      gw.sim.drop(phone);
      const refused = await receiver.waitFor((r) => r.body.sessionId === sessionId && String(r.body.data.detail).includes('refused client version'));
      expect(refused.body.data.detail).toContain(`WhatsApp refused client version ${CONFIGURED} (405`);
      expect(refused.body.data.detail).toContain(`Trying version ${BUNDLED.join('.')} instead.`);
      await receiver.waitFor(() => updates(sessionId).at(-1)?.status === 'CONNECTED');
      expect(gw.sim.clientVersions().at(-1)).toBe(BUNDLED.join('.'));
      const id = await sendText('on the newer version');
      await gw.sim.waitForSent(ALICE, { pred: (m) => m.id === id });

      // Now WhatsApp refuses every version the gateway knows: it says what to do and keeps trying, spaced out.
      const newer = `${BUNDLED[0]}.${BUNDLED[1]}.${BUNDLED[2] + 1}`;
      gw.sim.requireClientVersion(newer);
      gw.sim.drop(phone);
      const stuck = await receiver.waitFor((r) => r.body.sessionId === sessionId && String(r.body.data.detail).includes('No newer version is known'));
      expect(stuck.body.data.detail).toContain(`WhatsApp refused client version ${BUNDLED.join('.')} (405`);
      expect(stuck.body.data.detail).toContain('set WA_VERSION');
      // Attempts keep coming with growing waits (not a loop), each refused with the same plain reason.
      let later = attemptOf(stuck.body.data.detail)!;
      while (later.attempt < 3) later = attemptOf((await getSession(sessionId, token)).detail) ?? later;
      expect((await getSession(sessionId, token)).detail).toContain('No newer version is known');

      // WhatsApp accepts the version again: the next attempt connects, no QR on the way.
      gw.sim.requireClientVersion(null);
      await receiver.waitFor(() => updates(sessionId).at(-1)?.status === 'CONNECTED');
      expect(updates(sessionId).map((u) => u.status)).not.toContain('QR');
    } finally {
      gw.sim.requireClientVersion(null);
    }
  });
});
