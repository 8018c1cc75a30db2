import { createRoute, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { formatRecipientsCsv } from '../../../../shared/src/campaigns/recipients-csv.js';
import { recipientListMembers, recipientLists } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses } from '../router.js';
import { notFound, visibleList } from './access.js';
import type { Router } from '../router-types.js';
import { memberRecipient } from './rows.js';
import { ListIdParam } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/recipient-lists/{listId}/export',
  tags: ['Recipient lists'],
  summary: 'Export a recipient list as CSV',
  description: '`number,name,jobTitle,companyName` and one column per custom field; POST …/import reads it back unchanged. A list of another session is 404.',
  ...callerOnly(),
  request: { params: ListIdParam },
  responses: { 200: { description: 'The CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses(400, 401, 404) },
});

export function registerExportList(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { listId } = c.req.valid('param');
    const { db } = c.var.deps;
    const [lists, members] = await db.batch([
      db.select({ id: recipientLists.id }).from(recipientLists).where(visibleList(principal, listId)),
      db.select().from(recipientListMembers).where(eq(recipientListMembers.listId, listId)).orderBy(asc(recipientListMembers.position)),
    ]);
    if (lists.length === 0) throw new ApiError(404, notFound(listId));
    return new Response(formatRecipientsCsv(members.map(memberRecipient)), {
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${listId}.csv"` },
    });
  });
}
