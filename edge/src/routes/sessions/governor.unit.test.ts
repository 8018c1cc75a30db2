// The governor routes at the edge: PUT validates every field (400 naming it), stores the overrides
// and tells the host to reload; GET and resume relay the host's answer; another session's token and
// an unknown session are refused before any host is asked.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendGovernors } from '../../../../shared/src/db/schema.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let edge: UnitEdge;
beforeAll(async () => {
  edge = await startUnitEdge();
});
afterAll(async () => edge?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('PUT /sessions/{id}/governor', () => {
  it('stores the overrides, asks the host to reload them, and {} goes back to the defaults', async () => {
    const token = await edge.createSession('gv-put');
    const body = { dailyCap: 200, quietHours: '22:00-07:00', timeZone: 'Asia/Jakarta', warmup: [20, 40], pauseFailureRatio: 0.3 };
    const res = await edge.json('PUT', '/api/v1/sessions/gv-put/governor', { body, headers: bearer(token) });
    expect(res).toMatchObject({
      status: 200,
      body: { status: 'success', sessionId: 'gv-put', overrides: body, message: 'Session gv-put overrides 5 send governor setting(s).' },
    });
    const [row] = await edge.db.select().from(sendGovernors).where(eq(sendGovernors.sessionId, 'gv-put'));
    expect(JSON.parse(row!.settings)).toEqual(body);
    expect(edge.hosts.of('gv-put').at(-1)).toEqual({ call: 'command', sessionId: 'gv-put', command: 'governor', body: { action: 'reload' } });

    const reset = await edge.json('PUT', '/api/v1/sessions/gv-put/governor', { body: {}, headers: bearer(token) });
    expect(reset.body.message).toBe("Session gv-put uses the gateway's send governor defaults.");
    const [after] = await edge.db.select().from(sendGovernors).where(eq(sendGovernors.sessionId, 'gv-put'));
    expect(after!.settings).toBe('{}');
  });

  it.each([
    [{ quietHours: '22:00-7:00' }, 'quietHours', 'HH:MM-HH:MM'],
    [{ quietHours: '08:00-08:00' }, 'quietHours', 'start and end different'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'timeZone must be an IANA time zone'],
    [{ dailyCap: -1 }, 'dailyCap', 'dailyCap must be a whole number from 0 to 1000000'],
    [{ hourlyCap: 1.5 }, 'hourlyCap', 'hourlyCap must be a whole number'],
    [{ warmup: [10, 'x'] }, 'warmup.1', 'warmup[] must be a whole number'],
    [{ pauseFailureRatio: 2 }, 'pauseFailureRatio', 'pauseFailureRatio must be a number from 0 to 1'],
    [{ dailyCapp: 5 }, 'dailyCapp', 'dailyCapp'],
  ])('%j is 400 naming %s, stores nothing and asks no host', async (body, path, message) => {
    const sessionId = `gv-bad-${path.replace(/\W/g, '')}-${Object.values(body).length}${String(Object.values(body)[0]).length}`;
    const token = await edge.createSession(sessionId);
    const res = await edge.json('PUT', `/api/v1/sessions/${sessionId}/governor`, { body, headers: bearer(token) });
    expect(res.status).toBe(400);
    expect(res.body.status).toBe('error');
    expect(JSON.stringify(res.body)).toContain(path);
    expect(JSON.stringify(res.body)).toContain(message);
    expect(await edge.db.select().from(sendGovernors).where(eq(sendGovernors.sessionId, sessionId))).toEqual([]);
    expect(edge.hosts.of(sessionId).filter((c) => c.call === 'command')).toEqual([]);
  });

  it('stores the overrides even when no host runs the session (it reads them when it starts it)', async () => {
    const token = await edge.createSession('gv-nohost');
    edge.hosts.commands.delete('governor');
    const res = await edge.json('PUT', '/api/v1/sessions/gv-nohost/governor', { body: { hourlyCap: 30 }, headers: bearer(token) });
    expect(res.status).toBe(200);
    expect((await edge.db.select().from(sendGovernors).where(eq(sendGovernors.sessionId, 'gv-nohost')))[0]?.settings).toBe('{"hourlyCap":30}');
  });
});

describe('GET /sessions/{id}/governor and POST …/governor/resume', () => {
  it("relay the host's view and its resume answer", async () => {
    const token = await edge.createSession('gv-view');
    const view = { sessionId: 'gv-view', counts: { today: 3, thisHour: 1, firstContactsToday: 0 }, paused: null };
    edge.hosts.commands.set('governor', (_id, body) => ((body as { action: string }).action === 'resume' ? { resumed: true } : view));
    const got = await edge.json('GET', '/api/v1/sessions/gv-view/governor', { headers: bearer(token) });
    expect(got).toMatchObject({ status: 200, body: view });
    const resumed = await edge.json('POST', '/api/v1/sessions/gv-view/governor/resume', { headers: bearer(token) });
    expect(resumed).toEqual({ status: 200, body: { status: 'success', message: 'Sends of session gv-view resumed.', sessionId: 'gv-view' } });
    expect(edge.hosts.of('gv-view').slice(-2)).toEqual([
      { call: 'command', sessionId: 'gv-view', command: 'governor', body: { action: 'view' } },
      { call: 'command', sessionId: 'gv-view', command: 'governor', body: { action: 'resume' } },
    ]);
    edge.hosts.commands.delete('governor');
  });

  it('no host running the session: 503 saying so', async () => {
    const token = await edge.createSession('gv-down');
    const res = await edge.json('GET', '/api/v1/sessions/gv-down/governor', { headers: bearer(token) });
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('error');
  });

  it("another session's token is 403 and an unknown session 404, before any host is asked", async () => {
    const other = await edge.createSession('gv-other');
    await edge.createSession('gv-victim');
    for (const [method, path] of [
      ['GET', '/api/v1/sessions/gv-victim/governor'],
      ['PUT', '/api/v1/sessions/gv-victim/governor'],
      ['POST', '/api/v1/sessions/gv-victim/governor/resume'],
    ] as const) {
      expect((await edge.json(method, path, { headers: bearer(other), body: method === 'PUT' ? {} : undefined })).status).toBe(403);
    }
    expect(edge.hosts.of('gv-victim').filter((c) => c.call === 'command')).toEqual([]);
    const master = { 'x-master-key': edge.masterKey };
    const missing = await edge.json('GET', '/api/v1/sessions/gv-nobody/governor', { headers: master });
    expect(missing).toMatchObject({ status: 404, body: { status: 'error', message: 'Session gv-nobody not found.' } });
  });
});
