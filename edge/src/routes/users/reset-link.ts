import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { dashboardUsers } from '../../../../shared/src/db/schema.js';
import { ApiError } from '../../errors.js';
import { linkJson, newLink } from '../../users/links.js';
import { loadUser } from '../../users/rows.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { UserIdParam, UserWithLink } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/users/{id}/reset-link',
  tags: ['Users'],
  summary: 'A new one-time link to set the password',
  description:
    'Replaces any open invite or reset link of the user with a new one, valid 72 hours and usable once. ' +
    'The current password keeps working until the link is used. Admin only.',
  ...callerOnly({ privileged: true }),
  request: { params: UserIdParam },
  responses: { 200: jsonContent(UserWithLink, 'The link, shown this once'), ...errorResponses(400, 401, 403, 404) },
});

export function registerResetLink(router: Router) {
  return router.openapi(route, async (c) => {
    const { db, clock } = c.var.deps;
    const { id } = c.req.valid('param');
    const now = clock();
    const link = await newLink(c, now);
    const updated = await db
      .update(dashboardUsers)
      .set({ linkHash: link.hash, linkExpiresAt: link.expiresAt, updatedAt: now })
      .where(eq(dashboardUsers.id, id))
      .returning({ id: dashboardUsers.id });
    if (updated.length === 0) throw new ApiError(404, `User ${id} not found.`);
    const user = await loadUser(db, now, id);
    return c.json({ status: 'success' as const, message: `New link for ${user.username}: it works once.`, user, link: linkJson(link) }, 200);
  });
}
