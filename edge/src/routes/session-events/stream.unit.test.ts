import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../../../shared/src/events.js';
import { sseReader } from '../../../../test-support/sse-reader.js';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';

let stack: UnitEdge;
let otherToken: string;
beforeAll(async () => {
  stack = await startUnitEdge();
  otherToken = await stack.createSession('stream-other');
});
afterAll(async () => stack?.close());

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

/** A session whose event log holds `n` message.received events (data.n = 1 … n) after whatever
 * session.update events its creation made. Returns the token and the last sequence number. */
async function sessionWithEvents(sessionId: string, n: number) {
  const token = await stack.createSession(sessionId);
  for (let i = 1; i <= n; i++) await recordEvent(stack.db, sessionId, 'message.received', { n: i });
  const rows = await stack.db.query.sessionEvents.findMany({ where: (e, { eq }) => eq(e.sessionId, sessionId) });
  return { token, last: Math.max(...rows.map((r) => r.seq)) };
}

async function open(sessionId: string, headers: Record<string, string>, query = '') {
  const res = await stack.fetch(`/api/v1/sessions/${sessionId}/events/stream${query}`, { headers });
  return { res, events: res.ok ? sseReader(res) : undefined };
}

describe('GET /sessions/{sessionId}/events/stream', () => {
  it('starts with new events only: the next event arrives with its name, its sequence number as id, and the envelope', async () => {
    const { token, last } = await sessionWithEvents('stream-live', 2);
    const { res, events } = await open('stream-live', bearer(token));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    await recordEvent(stack.db, 'stream-live', 'message.status', { id: 'M1', status: 'read' });
    const got = await events!.next();
    expect(got).toMatchObject({ event: 'message.status', id: String(last + 1) });
    expect(JSON.parse(got!.data!)).toEqual({
      id: expect.any(String),
      event: 'message.status',
      sessionId: 'stream-live',
      data: { id: 'M1', status: 'read' },
      timestamp: expect.any(String),
      seq: last + 1,
    });
    expect(events!.comments).toContain(': connected');
    await events!.cancel();
  });

  it('Last-Event-ID resumes after that number with the stored events, in order, then goes on live', async () => {
    const { token, last } = await sessionWithEvents('stream-resume', 3);
    const { events } = await open('stream-resume', { ...bearer(token), 'last-event-id': String(last - 2) });
    const replayed = [await events!.next(), await events!.next()];
    expect(replayed.map((e) => [e?.id, JSON.parse(e!.data!).data.n])).toEqual([
      [String(last - 1), 2],
      [String(last), 3],
    ]);
    await recordEvent(stack.db, 'stream-resume', 'message.received', { n: 4 });
    const live = await events!.next();
    expect([live?.id, JSON.parse(live!.data!).data.n]).toEqual([String(last + 1), 4]);
    await events!.cancel();
  });

  it('?after=0 replays every stored event from the first', async () => {
    const { token } = await sessionWithEvents('stream-all', 1);
    const { events } = await open('stream-all', bearer(token), '?after=0');
    expect((await events!.next())?.id).toBe('1');
    await events!.cancel();
  });

  it.each([
    [{ 'last-event-id': 'abc' }, '', 'Last-Event-ID'],
    [{}, '?after=-1', 'after'],
  ])('bad resume point %j%s → 400 naming %s', async (headers, query, field) => {
    const token = await stack.createSession(`stream-bad-${field.length}`);
    const { res } = await open(`stream-bad-${field.length}`, { ...bearer(token), ...headers }, query);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain(field);
  });

  it('none 401, bogus token 401, another session 403, unknown session (master key) 404', async () => {
    await stack.createSession('stream-guarded');
    expect((await open('stream-guarded', {})).res.status).toBe(401);
    expect((await open('stream-guarded', bearer('wag_bogus'))).res.status).toBe(401);
    expect((await open('stream-guarded', bearer(otherToken))).res.status).toBe(403);
    expect((await open('stream-nobody', { 'x-master-key': stack.masterKey })).res.status).toBe(404);
  });
});
