import { createRoute } from '@hono/zod-openapi';
import { and, eq, gt } from 'drizzle-orm';
import { hashPassword } from '../../../../shared/src/auth/password-hash.js';
import { sha256Hex } from '../../../../shared/src/crypto.js';
import { dashboardUsers } from '../../../../shared/src/db/schema.js';
import { ApiError } from '../../errors.js';
import { limitBody } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { AcceptInviteBody, AcceptInviteResponse } from '../users/schema.js';
import { countLoginAttempt } from './rate-limit.js';

const route = createRoute({
  method: 'post',
  path: '/auth/accept-invite',
  tags: ['Dashboard sign-in'],
  summary: 'Set a password with a one-time link',
  description:
    'The token from an invite or reset link (POST /users, POST /users/{id}/reset-link) and the new password ' +
    '(12 characters or more). The link then stops working; sign in with POST /auth/login. Attempts count ' +
    'against the same per-client limit as sign-ins (429).',
  middleware: limitBody(16 * 1024),
  request: { body: jsonBody(AcceptInviteBody) },
  responses: { 200: jsonContent(AcceptInviteResponse, 'Password set'), ...errorResponses(400), 429: { description: 'Too many attempts' } },
});

export function registerAcceptInvite(router: Router) {
  return router.openapi(route, async (c) => {
    const { db, config, clock } = c.var.deps;
    const now = clock();
    const { token, password } = c.req.valid('json');
    await countLoginAttempt(c, db, config.dashboard.loginMaxAttempts, now);
    const passwordHash = await hashPassword(password);
    // One conditional write: two uses of one link cannot both match it.
    const [user] = await db
      .update(dashboardUsers)
      .set({ passwordHash, linkHash: null, linkExpiresAt: null, updatedAt: now })
      .where(and(eq(dashboardUsers.linkHash, await sha256Hex(token)), gt(dashboardUsers.linkExpiresAt, now)))
      .returning({ id: dashboardUsers.id, username: dashboardUsers.username });
    if (!user) {
      const message = 'this link is invalid, expired or already used: ask the admin for a new one';
      throw new ApiError(400, `token: ${message}`, [{ path: 'token', message }]);
    }
    return c.json({ status: 'success' as const, message: `Password set for ${user.username}: sign in now.`, userId: user.id, username: user.username }, 200);
  });
}
