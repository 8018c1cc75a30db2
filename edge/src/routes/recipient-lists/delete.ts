import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { recipientListMembers, recipientLists } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonContent } from '../router.js';
import { listIsVisible, notFound, visibleList } from './access.js';
import type { Router } from '../router-types.js';
import { ListIdParam, SuccessMessage } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'delete',
  path: '/recipient-lists/{listId}',
  tags: ['Recipient lists'],
  summary: 'Delete a recipient list',
  description: 'Permanently. Campaigns created from it keep their own copy of the recipients. A list of another session is 404.',
  ...callerOnly(),
  request: { params: ListIdParam },
  responses: { 200: jsonContent(SuccessMessage, 'Deleted'), ...errorResponses(400, 401, 404) },
});

export function registerDeleteList(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { listId } = c.req.valid('param');
    const { db } = c.var.deps;
    const [, deleted] = await db.batch([
      db.delete(recipientListMembers).where(and(eq(recipientListMembers.listId, listId), listIsVisible(principal, listId))),
      db.delete(recipientLists).where(visibleList(principal, listId)).returning({ id: recipientLists.id }),
    ]);
    if (deleted.length === 0) throw new ApiError(404, notFound(listId));
    return c.json({ status: 'success' as const, message: `Recipient list ${listId} deleted.` }, 200);
  });
}
