import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { SuccessMessage } from '../../../../shared/src/api/common.js';
import { dashboardUserSessions, dashboardUsers } from '../../../../shared/src/db/schema.js';
import { ApiError } from '../../errors.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { UserIdParam } from './schema.js';

const route = createRoute({
  method: 'delete',
  path: '/users/{id}',
  tags: ['Users'],
  summary: 'Delete a dashboard user',
  description: 'The account and its session assignments; its dashboard cookie stops working at once. Admin only.',
  ...callerOnly({ privileged: true }),
  request: { params: UserIdParam },
  responses: { 200: jsonContent(SuccessMessage, 'Deleted'), ...errorResponses(400, 401, 403, 404) },
});

export function registerDeleteUser(router: Router) {
  return router.openapi(route, async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid('param');
    const [deleted] = await db.batch([
      db.delete(dashboardUsers).where(eq(dashboardUsers.id, id)).returning({ username: dashboardUsers.username }),
      db.delete(dashboardUserSessions).where(eq(dashboardUserSessions.userId, id)),
    ]);
    const user = deleted[0];
    if (!user) throw new ApiError(404, `User ${id} not found.`);
    return c.json({ status: 'success' as const, message: `User ${user.username} deleted.` }, 200);
  });
}
