import { createRoute } from '@hono/zod-openapi';
import { eq, sql } from 'drizzle-orm';
import { recipientLists } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import { listIsVisible, newId, notFound, ownerSessionId } from './access.js';
import type { Router } from '../router-types.js';
import { recountMembers } from './members-sql.js';
import { listSummary } from './rows.js';
import { CloneListBody, ListCreatedResponse, ListIdParam } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'post',
  path: '/recipient-lists/{listId}/clone',
  tags: ['Recipient lists'],
  summary: 'Clone a recipient list',
  description:
    'A copy with a new name: description, tags and every recipient; usage starts at zero. The copy belongs to the caller. A list of another session is 404.',
  ...callerOnly(),
  request: { params: ListIdParam, body: jsonBody(CloneListBody) },
  responses: { 201: jsonContent(ListCreatedResponse, 'Created'), ...errorResponses(400, 401, 404) },
});

export function registerCloneList(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { listId } = c.req.valid('param');
    const { newName } = c.req.valid('json');
    const { db, clock } = c.var.deps;
    const now = clock();
    const id = newId('list', now);
    const gate = listIsVisible(principal, listId);
    const [, , , rows] = await db.batch([
      db.run(sql`insert into recipient_lists (id, session_id, name, description, tags, recipient_count, usage_count, last_used, created_at, updated_at)
        select ${id}, ${ownerSessionId(principal)}, ${newName}, description, tags, 0, 0, null, ${now}, ${now}
        from recipient_lists where id = ${listId} and ${gate}`),
      db.run(sql`insert into recipient_list_members (list_id, position, number, name, job_title, company_name, custom_fields)
        select ${id}, position, number, name, job_title, company_name, custom_fields
        from recipient_list_members where list_id = ${listId} and ${gate}`),
      recountMembers(db, id, now, listIsVisible(principal, id)),
      db.select().from(recipientLists).where(eq(recipientLists.id, id)),
    ]);
    const [row] = rows;
    if (!row) throw new ApiError(404, notFound(listId));
    return c.json({ status: 'success' as const, message: `Recipient list ${listId} cloned as ${newName}.`, id, list: listSummary(row) }, 201);
  });
}
