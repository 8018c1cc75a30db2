import { eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { sessions } from '../../../shared/src/db/schema.js';
import { sha256Hex, timingSafeEqual } from '../../../shared/src/crypto.js';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import { readCookie } from './cookie.js';
import { principalFromCookie } from './cookie-principal.js';
import { requireSameOrigin } from './same-origin.js';

/** Resolves the caller into `c.var.principal` (null when anonymous). A credential that is present
 * but wrong is refused here, so a typo never silently falls back to anonymous access. Without
 * X-Master-Key or a Bearer token, a valid dashboard cookie stands for its admin or session (same
 * scoping as their credentials); changes made with it must pass the same-origin check. A stale
 * cookie is ignored (the browser sends it on its own), not refused. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const { db, config } = c.var.deps;
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
    const [row] = await db
      .select({ id: sessions.id, status: sessions.status, defaultCountry: sessions.defaultCountry })
      .from(sessions)
      .where(eq(sessions.tokenHash, await sha256Hex(match[1])));
    if (!row) throw new ApiError(401, 'Invalid or revoked token.');
    c.set('principal', { kind: 'session', sessionId: row.id, status: row.status, defaultCountry: row.defaultCountry });
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
