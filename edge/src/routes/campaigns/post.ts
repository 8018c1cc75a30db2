import { createRoute } from '@hono/zod-openapi';
import { and, count, eq, sql } from 'drizzle-orm';
import { customFieldNames } from '../../../../shared/src/campaigns/recipients.js';
import { campaigns, media, recipientListMembers, recipientLists, sessions } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { mediaUsableBy } from '../../messages/item-checks.js';
import { newId, notFound as listNotFound, visibleList } from '../recipient-lists/access.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import { createdBy } from './access.js';
import { checkPlaceholders, scheduledAtMs } from './create-checks.js';
import type { Router } from '../router-types.js';
import { copyListRecipients, insertCampaignRecipients, listCustomFieldNames } from './recipients-sql.js';
import { campaignSummary, statisticsById, statsQuery, type StatsRow } from './rows.js';
import { MAX_CSV_BYTES } from '../../../../shared/src/api/recipient-lists.js';
import { CampaignResponse, CreateCampaignBody, storedCampaignMessage } from './schema.js';
import { effectiveCountry } from '../../phone/default-country.js';
import { normalizedRecipients } from '../../phone/recipient-inputs.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'post',
  path: '/campaigns',
  tags: ['Campaigns'],
  summary: 'Create a campaign',
  description:
    'Recipients come inline (`recipients`) or from a recipient list (`recipientListId`, copied now; the ' +
    'list’s usageCount and lastUsed are updated). Placeholders {{Name}}, {{Company}}, {{JobTitle}}, ' +
    '{{Number}} and any custom field of the recipients (case insensitive) are filled per recipient; an ' +
    'unknown one is 400. Status after creation: `scheduled` with scheduledAt, else `draft`. `sessionId` ' +
    'must be the token’s own session (403).',
  // Recipients inline may be as many as a CSV import holds.
  ...callerOnly({ maxBodyBytes: MAX_CSV_BYTES }),
  request: { body: jsonBody(CreateCampaignBody) },
  responses: { 201: jsonContent(CampaignResponse, 'Created'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPostCampaign(router: Router) {
  return router.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const principal = requireSessionAccess(c, body.sessionId);
    const { db, clock } = c.var.deps;
    const now = clock();
    const scheduledAt = scheduledAtMs(body, now);
    const listId = body.recipientListId;
    const mediaId = body.message.type === 'text' ? undefined : body.message.mediaId;
    const [sessionRows, listRows, memberCount, listFields, mediaRows] = await db.batch([
      db.select({ id: sessions.id, defaultCountry: sessions.defaultCountry }).from(sessions).where(eq(sessions.id, body.sessionId)),
      db
        .select({ id: recipientLists.id })
        .from(recipientLists)
        .where(visibleList(principal, listId ?? '')),
      db
        .select({ n: count() })
        .from(recipientListMembers)
        .where(eq(recipientListMembers.listId, listId ?? '')),
      listCustomFieldNames(db, listId ?? ''),
      db
        .select({ id: media.id })
        .from(media)
        .where(and(eq(media.id, mediaId ?? ''), mediaUsableBy(body.sessionId))),
    ]);
    if (sessionRows.length === 0) throw new ApiError(404, `Session ${body.sessionId} not found.`);
    if (listId && listRows.length === 0) throw new ApiError(404, listNotFound(listId));
    if (listId && memberCount[0]?.n === 0) throw new ApiError(400, `recipientListId: recipient list ${listId} has no recipients.`);
    if (mediaId && mediaRows.length === 0) throw new ApiError(400, `message.mediaId: media ${mediaId} not found: upload it with POST /media first.`);
    const recipients = body.recipients ? normalizedRecipients(body.recipients, effectiveCountry(c.var.deps, sessionRows[0]!.defaultCountry)) : [];
    checkPlaceholders(body, listId ? listFields.rows.map((row) => String(row.key)) : customFieldNames(recipients));

    const id = newId('campaign', now);
    const results = await db.batch([
      db.insert(campaigns).values({
        id,
        sessionId: body.sessionId,
        name: body.name,
        status: scheduledAt === null ? 'draft' : 'scheduled',
        message: JSON.stringify(storedCampaignMessage(body.message)),
        settings: JSON.stringify(body.settings),
        recipientListId: listId ?? null,
        scheduledAt,
        createdBy: createdBy(principal),
        createdAt: now,
        updatedAt: now,
      }),
      ...(listId
        ? [
            copyListRecipients(db, id, listId),
            db
              .update(recipientLists)
              .set({ usageCount: sql`${recipientLists.usageCount} + 1`, lastUsed: now })
              .where(eq(recipientLists.id, listId)),
          ]
        : insertCampaignRecipients(db, id, recipients)),
      db.select().from(campaigns).where(eq(campaigns.id, id)),
      statsQuery(db, id),
    ]);
    const [row] = results.at(-2) as (typeof campaigns.$inferSelect)[];
    const stats = statisticsById(results.at(-1) as StatsRow[]).get(id);
    return c.json({ status: 'success' as const, message: `Campaign ${body.name} created.`, id, campaign: campaignSummary(row!, stats) }, 201);
  });
}
