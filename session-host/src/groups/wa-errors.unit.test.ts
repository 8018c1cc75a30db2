// WhatsApp's refusals of group iqs (as Baileys throws them) → the API's status and reason.
import { describe, expect, it } from 'vitest';
import { SessionCommandError } from '../sessions/session-manager.js';
import { groupRefusal } from './wa-errors.js';

/** what Baileys throws for `<error code text/>`: assertNodeErrorFree puts the code in `data` */
const refused = (code: number, text: string) => Object.assign(new Error(text), { data: code });
/** a Boom with only a status (extractGroupMetadata, query timeouts) */
const boom = (text: string, statusCode: number) => Object.assign(new Error(text), { output: { statusCode } });

const answer = (err: unknown, op: Parameters<typeof groupRefusal>[1]) => {
  const e = groupRefusal(err, op, '120363000000000001@g.us');
  return e instanceof SessionCommandError ? [e.status, e.message] : ['not a SessionCommandError', e.message];
};

describe('groupRefusal', () => {
  it('not a member / unknown group → 404 naming the group, for reads and changes', () => {
    expect(answer(refused(403, 'forbidden'), 'read')).toEqual([404, 'Group 120363000000000001@g.us not found, or this account is not in it.']);
    expect(answer(refused(404, 'item-not-found'), 'update')[0]).toBe(404);
    // groupMetadata's own error path (extractGroupMetadata) uses the Boom status instead of data
    expect(answer(boom('forbidden', 403), 'read')[0]).toBe(404);
  });

  it('not an admin → 403 with what needs an admin', () => {
    expect(answer(refused(401, 'not-authorized'), 'participants')).toEqual([
      403,
      'Only group admins can add, remove, promote or demote participants (WhatsApp: not-authorized).',
    ]);
    expect(answer(refused(401, 'not-authorized'), 'invite')[1]).toMatch(/^Only group admins can see or reset the invite link/);
  });

  it('invite codes: unknown, revoked or malformed → 404; already in → 409', () => {
    for (const code of [400, 401, 404, 406, 410]) expect(answer(refused(code, 'x'), 'join')[0]).toBe(404);
    expect(answer(refused(409, 'conflict'), 'join')).toEqual([409, 'This account is already in that group.']);
  });

  it('values WhatsApp refuses → 400; no answer → 503; anything else → 502 with the code', () => {
    expect(answer(refused(406, 'not-acceptable'), 'update')).toEqual([400, 'WhatsApp refused the request as invalid (not-acceptable).']);
    expect(answer(boom('Timed Out', 408), 'read')[0]).toBe(503);
    expect(answer(refused(500, 'internal-server-error'), 'leave')).toEqual([502, 'WhatsApp refused the request (500: internal-server-error).']);
  });
});
