import type { Context } from 'hono';
import { ApiError } from '../errors.js';

/** Who is calling. Admin comes from the dashboard login (ADMIN_USERNAME, or a dashboard user with
 * the admin role: `userId` set); it has the master key's rights. An operator is a dashboard user
 * with exactly the rights of the tokens of the sessions assigned to it. A session principal
 * carries its session's status and default country as read with the token, sparing hot paths a
 * query; `recheckToken` (the token's hash) marks one recalled from SessionTokenCache instead of
 * read, which only a write that checks the token again may act on. */
export type Principal =
  | { kind: 'master' }
  | { kind: 'admin'; username: string; userId?: string }
  | { kind: 'operator'; userId: string; username: string; sessionIds: string[] }
  | { kind: 'session'; sessionId: string; status?: string; defaultCountry?: string | null; recheckToken?: string };

export function isPrivileged(principal: Principal | null): boolean {
  return principal?.kind === 'master' || principal?.kind === 'admin';
}

/** The sessions a caller reaches: null for every session (master key, admins). */
export function sessionScope(principal: Principal): string[] | null {
  if (principal.kind === 'session') return [principal.sessionId];
  if (principal.kind === 'operator') return principal.sessionIds;
  return null;
}

/** Whether the caller reaches this one session. */
export function reachesSession(principal: Principal | null, sessionId: string): boolean {
  if (!principal) return false;
  const scope = sessionScope(principal);
  return scope === null || scope.includes(sessionId);
}

/** Who did it, as the audit log names them: never a secret. */
export function actorOf(principal: Principal | null): string {
  if (!principal) return 'anonymous';
  if (principal.kind === 'master') return 'master';
  if (principal.kind === 'session') return `session:${principal.sessionId}`;
  if (principal.kind === 'operator' || principal.userId) return `user:${principal.userId}`;
  return `admin:${principal.username}`;
}

export function requirePrincipal(c: Context): Principal {
  const principal = c.get('principal') as Principal | null;
  if (!principal) throw new ApiError(401, 'Authentication required: send Authorization: Bearer <session token> or X-Master-Key.');
  return principal;
}

export function requirePrivileged(c: Context): Principal {
  const principal = c.get('principal') as Principal | null;
  if (!principal) throw new ApiError(401, 'Authentication required: send X-Master-Key or sign in as admin.');
  if (!isPrivileged(principal)) throw new ApiError(403, 'This action needs the master API key or an admin.');
  return principal;
}

/** A session token reaches its own session only, an operator its assigned sessions; master and
 * admin reach every session. */
export function requireSessionAccess(c: Context, sessionId: string): Principal {
  const principal = requirePrincipal(c);
  if (reachesSession(principal, sessionId)) return principal;
  if (principal.kind === 'operator') throw new ApiError(403, `Your account is not assigned session ${sessionId}.`);
  throw new ApiError(403, `This token belongs to another session and cannot act on session ${sessionId}.`);
}
