import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { recipientLists } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import { listIsVisible, newId, ownerSessionId } from './access.js';
import type { Router } from '../router-types.js';
import { insertMembers, recountMembers } from './members-sql.js';
import { listSummary } from './rows.js';
import { CreateListBody, ListCreatedResponse, MAX_CSV_BYTES } from './schema.js';
import { callerCountry } from '../../phone/default-country.js';
import { normalizedRecipients } from '../../phone/recipient-inputs.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'post',
  path: '/recipient-lists',
  tags: ['Recipient lists'],
  summary: 'Create a recipient list',
  description:
    'Numbers are normalized to E.164 digits (6281234567890); a national-format one (0812-3456-7890) is ' +
    'read in the default country of the calling session (else DEFAULT_COUNTRY) and refused without one. ' +
    'The same number twice is merged into one recipient. Keys besides number, name, jobTitle and ' +
    'companyName (or a `customFields` object) are kept as custom fields for {{placeholders}}. The list ' +
    'belongs to the calling session (master key: to no session).',
  // Recipients inline may be as many as a CSV import holds.
  ...callerOnly({ maxBodyBytes: MAX_CSV_BYTES }),
  request: { body: jsonBody(CreateListBody) },
  responses: { 201: jsonContent(ListCreatedResponse, 'Created'), ...errorResponses(400, 401) },
});

export function registerPostList(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const body = c.req.valid('json');
    const { db, clock } = c.var.deps;
    const now = clock();
    const id = newId('list', now);
    const recipients = normalizedRecipients(body.recipients ?? [], callerCountry(c.var.deps, principal));
    const [, ...rest] = await db.batch([
      db.insert(recipientLists).values({
        id,
        sessionId: ownerSessionId(principal),
        name: body.name,
        description: body.description ?? null,
        tags: JSON.stringify(body.tags ?? []),
        createdAt: now,
        updatedAt: now,
      }),
      ...insertMembers(db, id, recipients, listIsVisible(principal, id), false),
      recountMembers(db, id, now, listIsVisible(principal, id)),
      db.select().from(recipientLists).where(eq(recipientLists.id, id)),
    ]);
    const [row] = rest.at(-1) as (typeof recipientLists.$inferSelect)[];
    return c.json({ status: 'success' as const, message: `Recipient list ${body.name} created.`, id, list: listSummary(row!) }, 201);
  });
}
