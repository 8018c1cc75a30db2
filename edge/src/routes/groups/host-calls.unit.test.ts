// What the group routes ask of the session hosts, seen through the recording fake: one 'groups'
// command per request with the input normalized, nothing for a refused request, and the host's
// refusal passed on as the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUnitEdge, type UnitEdge } from '../../../../test-support/unit-edge.js';
import { ApiError } from '../../errors.js';

let edge: UnitEdge;
let token: string;
beforeAll(async () => {
  edge = await startUnitEdge();
  token = await edge.createSession('hg');
  edge.hosts.commands.set('groups', (_sessionId, body) => {
    const op = (body as { op: string }).op;
    if (op === 'participants') throw new ApiError(403, 'Only group admins can add, remove, promote or demote participants (WhatsApp: not-authorized).');
    return { group: { id: '120363000000000001@g.us' }, groups: [], code: 'c', link: 'l', groupId: 'g', results: [] };
  });
});
afterAll(async () => edge?.close());

const call = (method: string, path: string, body?: unknown, auth = token) =>
  edge.json(method, `/api/v1/sessions/hg/groups${path}`, { body, headers: { authorization: `Bearer ${auth}` } });
const lastCommand = () => edge.hosts.of('hg').at(-1);

describe('group routes → session hosts', () => {
  it('each operation relays one groups command with its input normalized', async () => {
    const cases: Array<[string, string, unknown, unknown]> = [
      [
        'POST',
        '',
        { subject: ' Tim ', participants: ['+62 812-3456-7890', '123@lid'] },
        { op: 'create', subject: 'Tim', participants: ['6281234567890', '123@lid'] },
      ],
      ['GET', '', undefined, { op: 'list' }],
      ['GET', '/120363000000000001', undefined, { op: 'get', groupId: '120363000000000001@g.us' }],
      ['PATCH', '/120363000000000001@g.us', { description: '' }, { op: 'update', groupId: '120363000000000001@g.us', description: '' }],
      ['GET', '/120363000000000001@g.us/invite', undefined, { op: 'invite', groupId: '120363000000000001@g.us', revoke: false }],
      ['DELETE', '/120363000000000001@g.us/invite', undefined, { op: 'invite', groupId: '120363000000000001@g.us', revoke: true }],
      ['POST', '/join', { code: 'https://chat.whatsapp.com/AbCdEfGhIjKl' }, { op: 'join', code: 'AbCdEfGhIjKl' }],
      ['POST', '/120363000000000001@g.us/leave', undefined, { op: 'leave', groupId: '120363000000000001@g.us' }],
    ];
    for (const [method, path, body, command] of cases) {
      const res = await call(method, path, body);
      expect(res.status, `${method} ${path}`).toBeLessThan(300);
      expect(lastCommand()).toEqual({ call: 'command', sessionId: 'hg', command: 'groups', body: command });
    }
  });

  it("the host's refusal is the answer: 403 with its reason", async () => {
    const res = await call('POST', '/120363000000000001@g.us/participants', { action: 'promote', participants: ['6281234567890'] });
    expect(res).toMatchObject({ status: 403, body: { status: 'error', message: expect.stringMatching(/^Only group admins/) } });
  });

  it('bad input, another session and an unknown session reach no host', async () => {
    const before = edge.hosts.calls.length;
    const other = await edge.createSession('hg-other');
    expect((await call('POST', '', { subject: 'x'.repeat(101), participants: ['6281234567890'] })).status).toBe(400);
    expect((await call('GET', '/nope')).status).toBe(400);
    expect((await call('GET', '', undefined, other)).status).toBe(403);
    const unknown = await edge.json('GET', '/api/v1/sessions/hg-none/groups', { headers: { 'x-master-key': edge.masterKey } });
    expect(unknown.status).toBe(404);
    expect(edge.hosts.calls.slice(before).filter((c) => c.call === 'command')).toEqual([]);
  });
});
