import { createRoute, z } from '@hono/zod-openapi';
import { loadUsers } from '../../users/rows.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { User } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/users',
  tags: ['Users'],
  summary: 'List dashboard users',
  description: 'Every dashboard account the admin created, with its role and assigned sessions (ADMIN_USERNAME is not one of them). Admin only.',
  ...callerOnly({ privileged: true }),
  responses: { 200: jsonContent(z.array(User), 'Every user, oldest first'), ...errorResponses(401, 403) },
});

export function registerListUsers(router: Router) {
  return router.openapi(route, async (c) => {
    const { db, clock } = c.var.deps;
    return c.json(await loadUsers(db, clock()), 200);
  });
}
