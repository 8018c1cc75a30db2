import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import { campaigns } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ownedBy } from '../recipient-lists/access.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { campaignSummary, statisticsById, statsQuery } from './rows.js';
import { CampaignsQuery, CampaignSummary } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/campaigns',
  tags: ['Campaigns'],
  summary: 'List campaigns',
  description: "The calling session's campaigns (every campaign for the master key or an admin), newest first, with statistics counted from the recipients.",
  ...callerOnly(),
  request: { query: CampaignsQuery },
  responses: { 200: jsonContent(z.array(CampaignSummary), 'The campaigns'), ...errorResponses(400, 401) },
});

export function registerGetCampaigns(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { status, sessionId } = c.req.valid('query');
    const { db } = c.var.deps;
    const where = and(
      ownedBy(principal, campaigns.sessionId),
      status ? eq(campaigns.status, status) : undefined,
      sessionId ? eq(campaigns.sessionId, sessionId) : undefined,
    );
    const [rows, stats] = await db.batch([
      db.select().from(campaigns).where(where).orderBy(desc(campaigns.createdAt), desc(campaigns.id)),
      statsQuery(db, db.select({ id: campaigns.id }).from(campaigns).where(where)),
    ]);
    const byId = statisticsById(stats);
    return c.json(
      rows.map((row) => campaignSummary(row, byId.get(row.id))),
      200,
    );
  });
}
