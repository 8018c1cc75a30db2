import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, or, sql } from 'drizzle-orm';
import { recipientLists } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { errorResponses, jsonContent } from '../router.js';
import { ownedBy } from './access.js';
import type { Router } from '../router-types.js';
import { listSummary } from './rows.js';
import { ListsQuery, ListSummary } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/recipient-lists',
  tags: ['Recipient lists'],
  summary: 'List recipient lists',
  description: "The calling session's lists (every list for the master key or an admin), newest first.",
  ...callerOnly(),
  request: { query: ListsQuery },
  responses: { 200: jsonContent(z.array(ListSummary), 'The lists'), ...errorResponses(400, 401) },
});

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export function registerGetLists(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { search, tag } = c.req.valid('query');
    const { db } = c.var.deps;
    const pattern = search?.trim() ? likePattern(search.trim()) : undefined;
    const rows = await db
      .select()
      .from(recipientLists)
      .where(
        and(
          ownedBy(principal, recipientLists.sessionId),
          pattern ? or(sql`${recipientLists.name} like ${pattern} escape '\\'`, sql`${recipientLists.description} like ${pattern} escape '\\'`) : undefined,
          tag?.trim() ? sql`exists (select 1 from json_each(${recipientLists.tags}) where lower(value) = lower(${tag.trim()}))` : undefined,
        ),
      )
      .orderBy(desc(recipientLists.createdAt), desc(recipientLists.id));
    return c.json(rows.map(listSummary), 200);
  });
}
