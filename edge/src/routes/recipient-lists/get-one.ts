import { createRoute } from '@hono/zod-openapi';
import { asc, count, eq } from 'drizzle-orm';
import { recipientListMembers, recipientLists } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonContent } from '../router.js';
import { notFound, visibleList } from './access.js';
import type { Router } from '../router-types.js';
import { listSummary, memberRecipient, pagination } from './rows.js';
import { ListDetails, ListIdParam, PageQuery } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/recipient-lists/{listId}',
  tags: ['Recipient lists'],
  summary: 'Get a recipient list with its recipients',
  description: 'Recipients in list order, one page at a time (`page` from 1, `pageSize` up to 5000, default 1000). A list of another session is 404.',
  ...callerOnly(),
  request: { params: ListIdParam, query: PageQuery },
  responses: { 200: jsonContent(ListDetails, 'The list'), ...errorResponses(400, 401, 404) },
});

export function registerGetList(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { listId } = c.req.valid('param');
    const { page, pageSize } = c.req.valid('query');
    const { db } = c.var.deps;
    const [lists, members, [counted]] = await db.batch([
      db.select().from(recipientLists).where(visibleList(principal, listId)),
      db
        .select()
        .from(recipientListMembers)
        .where(eq(recipientListMembers.listId, listId))
        .orderBy(asc(recipientListMembers.position))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      db.select({ n: count() }).from(recipientListMembers).where(eq(recipientListMembers.listId, listId)),
    ]);
    const list = lists[0];
    if (!list) throw new ApiError(404, notFound(listId));
    return c.json({ ...listSummary(list), recipients: members.map(memberRecipient), pagination: pagination(page, pageSize, counted?.n ?? 0) }, 200);
  });
}
