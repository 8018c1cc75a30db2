import { createRoute } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { campaignRecipients, campaigns } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { pagination } from '../recipient-lists/rows.js';
import { errorResponses, jsonContent } from '../router.js';
import { campaignNotFound, visibleCampaign } from './access.js';
import type { Router } from '../router-types.js';
import { campaignRecipient, campaignSummary, statisticsById, statsQuery } from './rows.js';
import { CampaignDetails, CampaignDetailsQuery, CampaignIdParam } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/campaigns/{campaignId}',
  tags: ['Campaigns'],
  summary: 'Get a campaign with its recipients',
  description:
    'Every recipient with its delivery status, attempts, last error, WhatsApp message id and sent time, ' +
    'one page at a time (`page` from 1, `pageSize` up to 5000, default 1000; `status` filters). A ' +
    'campaign of another session is 404.',
  ...callerOnly(),
  request: { params: CampaignIdParam, query: CampaignDetailsQuery },
  responses: { 200: jsonContent(CampaignDetails, 'The campaign'), ...errorResponses(400, 401, 404) },
});

export function registerGetCampaign(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { campaignId } = c.req.valid('param');
    const { page, pageSize, status } = c.req.valid('query');
    const { db } = c.var.deps;
    const [rows, recipients, stats] = await db.batch([
      db.select().from(campaigns).where(visibleCampaign(principal, campaignId)),
      db
        .select()
        .from(campaignRecipients)
        .where(and(eq(campaignRecipients.campaignId, campaignId), status ? eq(campaignRecipients.status, status) : undefined))
        .orderBy(asc(campaignRecipients.position))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      statsQuery(db, campaignId),
    ]);
    const row = rows[0];
    if (!row) throw new ApiError(404, campaignNotFound(campaignId));
    const statistics = statisticsById(stats).get(campaignId);
    const summary = campaignSummary(row, statistics);
    const total = status ? stats.filter((s) => s.status === status).reduce((sum, s) => sum + s.n, 0) : summary.statistics.total;
    return c.json({ ...summary, recipients: recipients.map(campaignRecipient), pagination: pagination(page, pageSize, total) }, 200);
  });
}
