import { createRoute } from '@hono/zod-openapi';
import { dashboardUserSessions, dashboardUsers } from '../../../../shared/src/db/schema.js';
import { ApiError } from '../../errors.js';
import { linkJson, newLink } from '../../users/links.js';
import { assignmentRows, loadUser, requireSessionsExist } from '../../users/rows.js';
import { callerOnly } from '../caller.js';
import { newId } from '../recipient-lists/access.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { CreateUserBody, UserWithLink } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/users',
  tags: ['Users'],
  summary: 'Create a dashboard user',
  description:
    "An `admin` (every right) or an `operator` (exactly the rights of its sessions' tokens, through the " +
    'dashboard cookie). The answer carries a one-time invite link, valid 72 hours, where the user sets a ' +
    'password: hand it over yourself, it is not shown again. Admin only.',
  ...callerOnly({ privileged: true }),
  request: { body: jsonBody(CreateUserBody) },
  responses: { 201: jsonContent(UserWithLink, 'Created, with its invite link'), ...errorResponses(400, 401, 403, 409) },
});

export function registerCreateUser(router: Router) {
  return router.openapi(route, async (c) => {
    const { db, config, clock } = c.var.deps;
    const body = c.req.valid('json');
    if (body.username === config.dashboard.adminUsername) throw new ApiError(409, `${body.username} is the configured admin (ADMIN_USERNAME).`);
    await requireSessionsExist(db, body.sessionIds);
    const now = clock();
    const id = newId('user', now);
    const link = await newLink(c, now);
    const inserted = await db
      .insert(dashboardUsers)
      .values({ id, username: body.username, role: body.role, linkHash: link.hash, linkExpiresAt: link.expiresAt, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: dashboardUsers.id });
    if (inserted.length === 0) throw new ApiError(409, `A user named ${body.username} already exists.`);
    const rows = assignmentRows(id, body.sessionIds);
    if (rows.length > 0) await db.insert(dashboardUserSessions).values(rows).onConflictDoNothing();
    const user = await loadUser(db, now, id);
    return c.json({ status: 'success' as const, message: `User ${body.username} created: send them the invite link.`, user, link: linkJson(link) }, 201);
  });
}
