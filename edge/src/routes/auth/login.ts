import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { sessions } from '../../../../shared/src/db/schema.js';
import { sha256Hex, timingSafeEqual } from '../../../../shared/src/crypto.js';
import { adminFingerprint, COOKIE_MAX_AGE_SECONDS, issueCookie, userFingerprint, type CookieClaims } from '../../auth/cookie.js';
import { adminLoginEnabled, verifyAdminPassword } from '../../auth/password.js';
import type { Principal } from '../../auth/principal.js';
import { requireSameOrigin } from '../../auth/same-origin.js';
import type { Db } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { accountByPassword } from '../../users/accounts.js';
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
    'Admin or dashboard user (username + password) or one session (its token). Sets a signed, HttpOnly, ' +
    'SameSite=Strict cookie valid for 12 hours that the API accepts with the same rights as the credential ' +
    '(an admin: everything; an operator: its assigned sessions; a session: its own session). Changes made ' +
    'with the cookie must come from the same origin. Attempts are limited per client (429); each one, ' +
    'refused or not, is in the audit log.',
  middleware: limitBody(16 * 1024),
  request: { body: jsonBody(LoginBody) },
  responses: { 200: jsonContent(LoginResponse, 'Signed in; the cookie is set'), ...errorResponses(400, 401, 403), 429: { description: 'Too many attempts' } },
});

export function registerLogin(router: Router) {
  return router.openapi(route, async (c) => {
    requireSameOrigin(c);
    // Whoever the cookie stood for, this request is the new sign-in's (the audit log names it).
    c.set('principal', null);
    const { db, config, clock } = c.var.deps;
    const now = clock();
    const body = c.req.valid('json');
    await countLoginAttempt(c, db, config.dashboard.loginMaxAttempts, now);
    const exp = now + COOKIE_MAX_AGE_SECONDS * 1000;
    const { claims, principal } = body.token
      ? await tokenSignIn(db, body.token, exp)
      : await passwordSignIn(c.var.deps, body.username ?? '', body.password ?? '', exp);
    await issueCookie(c, config.dashboard, claims);
    c.set('principal', principal);
    const who = principal.kind === 'session' ? `session ${principal.sessionId}` : `${principal.kind} ${principal.username}`;
    return c.json({ status: 'success' as const, message: `Signed in as ${who}.`, principal, expiresAt: new Date(exp).toISOString() }, 200);
  });
}

type SignIn = { claims: CookieClaims; principal: Exclude<Principal, { kind: 'master' }> };

async function tokenSignIn(db: Db, token: string, exp: number): Promise<SignIn> {
  const tokenHash = await sha256Hex(token);
  const [row] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.tokenHash, tokenHash));
  if (!row) throw new ApiError(401, 'Invalid or revoked session token.');
  return { claims: { kind: 'session', sessionId: row.id, tokenHash, exp }, principal: { kind: 'session', sessionId: row.id } };
}

/** ADMIN_USERNAME signs in with the configured admin password; any other name is a dashboard account. */
async function passwordSignIn(deps: Deps, username: string, password: string, exp: number): Promise<SignIn> {
  const dashboard = deps.config.dashboard;
  if (timingSafeEqual(username, dashboard.adminUsername)) {
    if (!adminLoginEnabled(dashboard))
      throw new ApiError(401, 'Admin sign-in is not configured: set ADMIN_PASSWORD (or ADMIN_PASSWORD_HASH). A session can still sign in with its token.');
    if (!(await verifyAdminPassword(dashboard, password))) throw new ApiError(401, WRONG_PASSWORD);
    const principal = { kind: 'admin' as const, username: dashboard.adminUsername };
    return { claims: { kind: 'admin', username: principal.username, fingerprint: await adminFingerprint(dashboard), exp }, principal };
  }
  const account = await accountByPassword(deps.db, username, password);
  if (!account) throw new ApiError(401, WRONG_PASSWORD);
  const userId = account.principal.kind === 'operator' ? account.principal.userId : account.principal.userId!;
  return { claims: { kind: 'user', userId, fingerprint: await userFingerprint(dashboard, userId, account.passwordHash), exp }, principal: account.principal };
}

const WRONG_PASSWORD = 'Wrong user name or password.';
