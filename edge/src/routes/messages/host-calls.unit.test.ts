// What the message routes ask of the session hosts, seen through the recording fake: a kick once
// the rows are written, none when nothing was queued, and the revoke command with its arguments.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, sessions } from '../../../../shared/src/db/schema.js';
import { bearer, startUnitEdge, textMessage as text, type UnitEdge } from '../../../../test-support/unit-edge.js';

let edge: UnitEdge;
beforeAll(async () => {
  edge = await startUnitEdge();
});
afterAll(async () => edge?.close());

/** A session whose host reported it connected, as the host writes it. */
async function connectedSession(sessionId: string): Promise<string> {
  const token = await edge.createSession(sessionId);
  await edge.db.update(sessions).set({ status: 'CONNECTED' }).where(eq(sessions.id, sessionId));
  return token;
}
const queuedFor = (sessionId: string) =>
  edge.db
    .select()
    .from(messages)
    .where(and(eq(messages.sessionId, sessionId), eq(messages.status, 'queued')));

describe('message routes → session hosts', () => {
  it("POST /messages writes every accepted message, then kicks the session's host once for the whole request", async () => {
    const token = await connectedSession('hm-send');
    const res = await edge.json('POST', '/api/v1/messages?sessionId=hm-send', {
      body: [text('6281234567890', 'one'), text('6281234567891', 'two'), text('6281234567892', 'three')],
      headers: bearer(token),
    });
    expect(res.status).toBe(200);
    expect(await queuedFor('hm-send')).toHaveLength(3);
    expect(edge.hosts.of('hm-send').filter((c) => c.call === 'kick')).toEqual([{ call: 'kick', sessionId: 'hm-send' }]);
  });

  it('a request whose every message is refused queues nothing and kicks no host', async () => {
    const token = await connectedSession('hm-refused');
    const res = await edge.json('POST', '/api/v1/messages?sessionId=hm-refused', { body: [text('12', 'too short')], headers: bearer(token) });
    // The per-message result array says why, with the request's status 200, as the original did.
    expect(res).toMatchObject({ status: 200, body: [{ status: 'error', index: 0, message: expect.stringContaining('to must be') }] });
    expect(await queuedFor('hm-refused')).toEqual([]);
    expect(edge.hosts.of('hm-refused').filter((c) => c.call === 'kick')).toEqual([]);
  });

  it('DELETE /message relays the revoke command with the chat and message id; without a running host it is 503', async () => {
    const token = await edge.createSession('hm-revoke');
    const body = { sessionId: 'hm-revoke', remoteJid: '6281234567890@s.whatsapp.net', messageId: '3EB0ABCDEF' };
    const unavailable = await edge.json('DELETE', '/api/v1/message', { body, headers: bearer(token) });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.message).toContain('No session host is running session hm-revoke');

    edge.hosts.commands.set('revoke', () => ({}));
    const res = await edge.json('DELETE', '/api/v1/message', { body, headers: bearer(token) });
    expect(res).toMatchObject({ status: 200, body: { status: 'success', message: 'Attempted to delete message 3EB0ABCDEF' } });
    expect(edge.hosts.of('hm-revoke').at(-1)).toEqual({
      call: 'command',
      sessionId: 'hm-revoke',
      command: 'revoke',
      body: { remoteJid: '6281234567890@s.whatsapp.net', messageId: '3EB0ABCDEF' },
    });
  });
});
