import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { sessions } from '../../../../shared/src/db/schema.js';
import { sha256Hex, timingSafeEqual } from '../../../../shared/src/crypto.js';
import { adminFingerprint, COOKIE_MAX_AGE_SECONDS, issueCookie, type CookieClaims } from '../../auth/cookie.js';
import { adminLoginEnabled, verifyAdminPassword } from '../../auth/password.js';
import { requireSameOrigin } from '../../auth/same-origin.js';
import { ApiError } from '../../errors.js';
import { limitBody } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { countLoginAttempt } from './rate-limit.js';
import { LoginBody, LoginResponse } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['Dashboard sign-in'],
  summary: 'Sign in to the dashboard',
  description:
    'Admin (username + password) or one session (its token). Sets a signed, HttpOnly, SameSite=Strict ' +
    'cookie valid for 12 hours that the API accepts with the same rights as the credential (an admin: ' +
    'everything; a session: its own session). Changes made with the cookie must come from the same ' +
    'origin. Attempts are limited per client (429).',
  middleware: limitBody(16 * 1024),
  request: { body: jsonBody(LoginBody) },
  responses: { 200: jsonContent(LoginResponse, 'Signed in; the cookie is set'), ...errorResponses(400, 401, 403), 429: { description: 'Too many attempts' } },
});

export function registerLogin(router: Router) {
  return router.openapi(route, async (c) => {
    requireSameOrigin(c);
    const { db, config, clock } = c.var.deps;
    const now = clock();
    const body = c.req.valid('json');
    await countLoginAttempt(c, db, config.dashboard.loginMaxAttempts, now);
    const exp = now + COOKIE_MAX_AGE_SECONDS * 1000;
    let claims: CookieClaims;
    if (body.token) {
      const tokenHash = await sha256Hex(body.token);
      const [row] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.tokenHash, tokenHash));
      if (!row) throw new ApiError(401, 'Invalid or revoked session token.');
      claims = { kind: 'session', sessionId: row.id, tokenHash, exp };
    } else {
      const dashboard = config.dashboard;
      if (!adminLoginEnabled(dashboard))
        throw new ApiError(401, 'Admin sign-in is not configured: set ADMIN_PASSWORD (or ADMIN_PASSWORD_HASH). A session can still sign in with its token.');
      const userOk = timingSafeEqual(body.username ?? '', dashboard.adminUsername);
      const passwordOk = await verifyAdminPassword(dashboard, body.password ?? '');
      if (!userOk || !passwordOk) throw new ApiError(401, 'Wrong user name or password.');
      claims = { kind: 'admin', username: dashboard.adminUsername, fingerprint: await adminFingerprint(dashboard), exp };
    }
    await issueCookie(c, config.dashboard, claims);
    const principal =
      claims.kind === 'admin' ? { kind: 'admin' as const, username: claims.username } : { kind: 'session' as const, sessionId: claims.sessionId };
    const who = principal.kind === 'admin' ? `admin ${principal.username}` : `session ${principal.sessionId}`;
    return c.json({ status: 'success' as const, message: `Signed in as ${who}.`, principal, expiresAt: new Date(exp).toISOString() }, 200);
  });
}
