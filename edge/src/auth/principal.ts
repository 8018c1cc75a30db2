import type { Context } from 'hono';
import { ApiError } from '../errors.js';

/** Who is calling. Admin comes from the dashboard login; it has the master key's rights. A session
 * principal carries its session's status and default country as read with the token, sparing hot
 * paths a query. */
export type Principal =
  | { kind: 'master' }
  | { kind: 'admin'; username: string }
  | { kind: 'session'; sessionId: string; status?: string; defaultCountry?: string | null };

export function isPrivileged(principal: Principal | null): boolean {
  return principal?.kind === 'master' || principal?.kind === 'admin';
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

/** A session token reaches its own session only; master and admin reach every session. */
export function requireSessionAccess(c: Context, sessionId: string): Principal {
  const principal = requirePrincipal(c);
  if (principal.kind === 'session' && principal.sessionId !== sessionId) {
    throw new ApiError(403, `This token belongs to another session and cannot act on session ${sessionId}.`);
  }
  return principal;
}
