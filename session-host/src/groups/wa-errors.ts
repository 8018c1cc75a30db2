import { SessionCommandError } from '../sessions/session-manager.js';

/** WhatsApp's refusal of a group iq: Baileys throws a Boom whose `data` (or status) is the code. */
export function waErrorCode(err: unknown): number | undefined {
  const e = err as { data?: unknown; output?: { statusCode?: number } } | null;
  if (typeof e?.data === 'number') return e.data;
  return e?.output?.statusCode;
}

export type GroupOperation = 'read' | 'participants' | 'update' | 'invite' | 'join' | 'leave' | 'create';

const ADMIN_ONLY: Partial<Record<GroupOperation, string>> = {
  participants: 'Only group admins can add, remove, promote or demote participants',
  update: 'Only group admins can change the settings, and the subject and description of a locked group',
  invite: 'Only group admins can see or reset the invite link',
};

/** The API's answer to a WhatsApp refusal, saying why; unknown failures pass through as 502. */
export function groupRefusal(err: unknown, op: GroupOperation, groupId?: string): Error {
  const code = waErrorCode(err);
  const text = err instanceof Error ? err.message : String(err);
  if (op === 'join') {
    if (code === 409) return new SessionCommandError(409, 'This account is already in that group.');
    if (code && [400, 401, 403, 404, 406, 410].includes(code))
      return new SessionCommandError(404, `The invite code is invalid or was revoked (WhatsApp: ${text}).`);
  }
  if (code === 404 || (code === 403 && op !== 'create')) {
    return new SessionCommandError(404, `Group ${groupId ?? ''} not found, or this account is not in it.`.replace('  ', ' '));
  }
  if (code === 401) return new SessionCommandError(403, `${ADMIN_ONLY[op] ?? 'WhatsApp does not allow this account to do that'} (WhatsApp: ${text}).`);
  if (code === 400 || code === 406) return new SessionCommandError(400, `WhatsApp refused the request as invalid (${text}).`);
  if (code === 408) return new SessionCommandError(503, 'WhatsApp did not answer in time. Try again shortly.');
  return new SessionCommandError(502, `WhatsApp refused the request (${code ?? 'no code'}: ${text}).`);
}
