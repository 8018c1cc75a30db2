import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { dashboardUserSessions, dashboardUsers } from '../../../../shared/src/db/schema.js';
import { ApiError } from '../../errors.js';
import { assignmentRows, loadUser, requireSessionsExist } from '../../users/rows.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { PatchUserBody, UserIdParam, UserResponse } from './schema.js';

const route = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['Users'],
  summary: 'Change a user’s role or sessions',
  description: "`sessionIds` replaces the assigned sessions. Takes effect on the user's next request (its cookie stays valid). Admin only.",
  ...callerOnly({ privileged: true }),
  request: { params: UserIdParam, body: jsonBody(PatchUserBody) },
  responses: { 200: jsonContent(UserResponse, 'The user as it is now'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPatchUser(router: Router) {
  return router.openapi(route, async (c) => {
    const { db, clock } = c.var.deps;
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    if (body.sessionIds) await requireSessionsExist(db, body.sessionIds);
    const now = clock();
    const updated = await db
      .update(dashboardUsers)
      .set({ ...(body.role ? { role: body.role } : {}), updatedAt: now })
      .where(eq(dashboardUsers.id, id))
      .returning({ id: dashboardUsers.id });
    if (updated.length === 0) throw new ApiError(404, `User ${id} not found.`);
    if (body.sessionIds) {
      const rows = assignmentRows(id, body.sessionIds);
      await db.batch([
        db.delete(dashboardUserSessions).where(eq(dashboardUserSessions.userId, id)),
        ...(rows.length > 0 ? [db.insert(dashboardUserSessions).values(rows)] : []),
      ]);
    }
    const user = await loadUser(db, now, id);
    return c.json({ status: 'success' as const, message: `User ${user.username} updated.`, user }, 200);
  });
}
