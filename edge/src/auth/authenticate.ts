import { eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { sessions } from '../../../shared/src/db/schema.js';
import { sha256Hex, timingSafeEqual } from '../../../shared/src/crypto.js';
import type { AppEnv } from '../app-env.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { Principal } from './principal.js';
import { readCookie } from './cookie.js';
import { principalFromCookie } from './cookie-principal.js';
import { requireSameOrigin } from './same-origin.js';

/** The routes whose write checks the session token again in its own batch, and so may act on a
 * token recalled from SessionTokenCache (see messages/enqueue.ts). */
const RECHECKED_WRITES = new Set(['POST /api/v1/messages']);

/** The session a token belongs to, read from the database (401 when none); a CONNECTED one is
 * remembered for the writes that check it again. */
export async function sessionPrincipal(deps: Deps, tokenHash: string): Promise<Principal> {
  const [row] = await deps.db
    .select({ id: sessions.id, status: sessions.status, defaultCountry: sessions.defaultCountry })
    .from(sessions)
    .where(eq(sessions.tokenHash, tokenHash));
  if (!row) throw new ApiError(401, 'Invalid or revoked token.');
  if (row.status === 'CONNECTED') deps.tokens.remember(tokenHash, { sessionId: row.id, defaultCountry: row.defaultCountry }, deps.clock());
  return { kind: 'session', sessionId: row.id, status: row.status, defaultCountry: row.defaultCountry };
}

/** Resolves the caller into `c.var.principal` (null when anonymous). A credential that is present
 * but wrong is refused here, so a typo never silently falls back to anonymous access. Without
 * X-Master-Key or a Bearer token, a valid dashboard cookie stands for its admin or session (same
 * scoping as their credentials); changes made with it must pass the same-origin check. A stale
 * cookie is ignored (the browser sends it on its own), not refused. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const { config } = c.var.deps;
  c.set('principal', null);
  const masterKey = c.req.header('x-master-key');
  if (masterKey !== undefined) {
    if (!timingSafeEqual(masterKey, config.masterKey)) throw new ApiError(401, 'Invalid master API key.');
    c.set('principal', { kind: 'master' });
    return next();
  }
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw new ApiError(401, 'Authorization header must be "Bearer <token>".');
    const tokenHash = await sha256Hex(match[1]);
    const recalled = RECHECKED_WRITES.has(`${c.req.method} ${c.req.path}`) ? c.var.deps.tokens.recall(tokenHash, c.var.deps.clock()) : undefined;
    c.set(
      'principal',
      recalled ? { kind: 'session', ...recalled, status: 'CONNECTED', recheckToken: tokenHash } : await sessionPrincipal(c.var.deps, tokenHash),
    );
    return next();
  }
  const cookie = readCookie(c);
  if (cookie !== undefined) {
    const principal = await principalFromCookie(c.var.deps, cookie);
    if (principal) {
      requireSameOrigin(c);
      c.set('principal', principal);
    }
  }
  return next();
});
