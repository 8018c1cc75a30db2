import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { recipientListMembers, recipientLists } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import { listIsVisible, notFound, visibleList } from './access.js';
import type { Router } from '../router-types.js';
import { insertMembers, recountMembers } from './members-sql.js';
import { listSummary } from './rows.js';
import { ListCreatedResponse, ListIdParam, MAX_CSV_BYTES, UpdateListBody } from './schema.js';
import { callerCountry } from '../../phone/default-country.js';
import { normalizedRecipients } from '../../phone/recipient-inputs.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'put',
  path: '/recipient-lists/{listId}',
  tags: ['Recipient lists'],
  summary: 'Update a recipient list',
  description: 'Changes only the fields sent. `recipients`, when sent, replaces every recipient of the list. A list of another session is 404.',
  // Recipients inline may be as many as a CSV import holds.
  ...callerOnly({ maxBodyBytes: MAX_CSV_BYTES }),
  request: { params: ListIdParam, body: jsonBody(UpdateListBody) },
  responses: { 200: jsonContent(ListCreatedResponse, 'Updated'), ...errorResponses(400, 401, 404) },
});

export function registerPutList(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { listId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { db, clock } = c.var.deps;
    const now = clock();
    const gate = listIsVisible(principal, listId);
    const replace = body.recipients
      ? [
          db.delete(recipientListMembers).where(and(eq(recipientListMembers.listId, listId), gate)),
          ...insertMembers(db, listId, normalizedRecipients(body.recipients, callerCountry(c.var.deps, principal)), gate, false),
          recountMembers(db, listId, now, gate),
        ]
      : [];
    const results = await db.batch([
      db
        .update(recipientLists)
        .set({
          updatedAt: now,
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.tags !== undefined ? { tags: JSON.stringify(body.tags) } : {}),
        })
        .where(visibleList(principal, listId)),
      ...replace,
      db.select().from(recipientLists).where(visibleList(principal, listId)),
    ]);
    const [row] = results.at(-1) as (typeof recipientLists.$inferSelect)[];
    if (!row) throw new ApiError(404, notFound(listId));
    return c.json({ status: 'success' as const, message: `Recipient list ${listId} updated.`, id: listId, list: listSummary(row) }, 200);
  });
}
