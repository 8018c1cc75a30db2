// What the session routes ask of the session hosts, seen through the recording fake: the call, its
// arguments, and that nothing is asked when the request is refused first.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../../../shared/src/db/schema.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';
import { PAIRING_CODES_PER_WINDOW } from './pairing-code.js';

let edge: UnitEdge;
let master: Record<string, string>;
beforeAll(async () => {
  edge = await startUnitEdge();
  master = { 'x-master-key': edge.masterKey };
});
afterAll(async () => edge?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('session routes → session hosts', () => {
  it('POST /sessions asks a host to start the new session once; a duplicate id is 409 and starts nothing', async () => {
    await edge.createSession('hc-new');
    expect(edge.hosts.of('hc-new')).toEqual([{ call: 'startSession', sessionId: 'hc-new' }]);
    const again = await edge.json('POST', '/api/v1/sessions', { body: { sessionId: 'hc-new' }, headers: master });
    expect(again.status).toBe(409);
    expect(edge.hosts.of('hc-new')).toHaveLength(1);
  });

  it('DELETE /sessions/{id} stops the session with logout, then removes its row', async () => {
    const token = await edge.createSession('hc-delete');
    const res = await edge.json('DELETE', '/api/v1/sessions/hc-delete', { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(edge.hosts.of('hc-delete').slice(1)).toEqual([{ call: 'stopSession', sessionId: 'hc-delete', logout: true }]);
    expect(await edge.db.select().from(sessions).where(eq(sessions.id, 'hc-delete'))).toEqual([]);
  });

  it("DELETE of another session's id is refused before any host is asked", async () => {
    const other = await edge.createSession('hc-other');
    await edge.createSession('hc-victim');
    expect((await edge.json('DELETE', '/api/v1/sessions/hc-victim', { headers: bearer(other) })).status).toBe(403);
    expect(edge.hosts.of('hc-victim')).toEqual([{ call: 'startSession', sessionId: 'hc-victim' }]);
  });

  it('POST /sessions/{id}/reconnect stops the session without logout, then starts it; a host that does not answer either is 503 saying what happens', async () => {
    const token = await edge.createSession('hc-reconnect');
    const res = await edge.json('POST', '/api/v1/sessions/hc-reconnect/reconnect', { headers: bearer(token) });
    expect(res).toMatchObject({ status: 200, body: { status: 'success', message: 'Session hc-reconnect is reconnecting.', sessionId: 'hc-reconnect' } });
    expect(edge.hosts.of('hc-reconnect').slice(1)).toEqual([
      { call: 'stopSession', sessionId: 'hc-reconnect', logout: false },
      { call: 'startSession', sessionId: 'hc-reconnect' },
    ]);
    try {
      edge.hosts.unanswered.add('startSession');
      const unstarted = await edge.json('POST', '/api/v1/sessions/hc-reconnect/reconnect', { headers: bearer(token) });
      expect(unstarted).toMatchObject({
        status: 503,
        body: { status: 'error', message: 'No session host answered; session hc-reconnect reconnects when a host takes it over.' },
      });
      edge.hosts.unanswered.add('stopSession');
      const unstopped = await edge.json('POST', '/api/v1/sessions/hc-reconnect/reconnect', { headers: bearer(token) });
      expect(unstopped).toMatchObject({ status: 503, body: { status: 'error', message: 'The session host did not answer. Try again shortly.' } });
      // Not stopped, so not started either: the host would have ignored the start of a session it still runs.
      expect(edge.hosts.of('hc-reconnect').at(-1)).toEqual({ call: 'stopSession', sessionId: 'hc-reconnect', logout: false });
    } finally {
      edge.hosts.unanswered.clear();
    }
  });

  it("POST /sessions/{id}/pairing-code relays the cleaned phone number and answers with the host's code", async () => {
    const token = await edge.createSession('hc-pair');
    edge.hosts.commands.set('pairing-code', () => ({ code: 'ABCD-1234' }));
    const res = await edge.json('POST', '/api/v1/sessions/hc-pair/pairing-code', { body: { phoneNumber: '+62 812-3456-7890' }, headers: bearer(token) });
    expect(res).toMatchObject({ status: 200, body: { status: 'success', code: 'ABCD-1234' } });
    expect(edge.hosts.of('hc-pair').at(-1)).toEqual({ call: 'command', sessionId: 'hc-pair', command: 'pairing-code', body: { phoneNumber: '6281234567890' } });
  });

  it('pairing codes: a bad number is 400 naming the field, and past the limit 429, neither reaching the host', async () => {
    const token = await edge.createSession('hc-pair-limit');
    edge.hosts.commands.set('pairing-code', () => ({ code: 'WXYZ-0000' }));
    const bad = await edge.json('POST', '/api/v1/sessions/hc-pair-limit/pairing-code', { body: { phoneNumber: '12' }, headers: bearer(token) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('phoneNumber');
    for (let i = 0; i < PAIRING_CODES_PER_WINDOW; i++) {
      expect(
        (await edge.json('POST', '/api/v1/sessions/hc-pair-limit/pairing-code', { body: { phoneNumber: '6281234567890' }, headers: bearer(token) })).status,
      ).toBe(200);
    }
    const over = await edge.json('POST', '/api/v1/sessions/hc-pair-limit/pairing-code', { body: { phoneNumber: '6281234567890' }, headers: bearer(token) });
    expect(over.status).toBe(429);
    expect(edge.hosts.of('hc-pair-limit').filter((c) => c.call === 'command')).toHaveLength(PAIRING_CODES_PER_WINDOW);
  });
});
