import { createRoute } from '@hono/zod-openapi';
import { and, eq, inArray } from 'drizzle-orm';
import { campaignRecipients, campaigns } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonContent } from '../router.js';
import { campaignNotFound, visibleCampaign } from './access.js';
import type { Router } from '../router-types.js';
import { CampaignIdParam, SuccessMessage } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'delete',
  path: '/campaigns/{campaignId}',
  tags: ['Campaigns'],
  summary: 'Delete a campaign',
  description:
    'Permanently, with its recipients. A campaign still running, paused or scheduled is first set to ' +
    'cancelled (committed on its own), so a runner working on it sees that and stops. A campaign of ' +
    'another session is 404.',
  ...callerOnly(),
  request: { params: CampaignIdParam },
  responses: { 200: jsonContent(SuccessMessage, 'Deleted'), ...errorResponses(400, 401, 404) },
});

export function registerDeleteCampaign(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { campaignId } = c.req.valid('param');
    const { db, clock } = c.var.deps;
    const now = clock();
    const [, rows] = await db.batch([
      db
        .update(campaigns)
        .set({ status: 'cancelled', statusDetail: 'Deleted by the user.', completedAt: now, updatedAt: now })
        .where(and(visibleCampaign(principal, campaignId), inArray(campaigns.status, ['running', 'paused', 'scheduled']))),
      db.select({ id: campaigns.id }).from(campaigns).where(visibleCampaign(principal, campaignId)),
    ]);
    if (rows.length === 0) throw new ApiError(404, campaignNotFound(campaignId));
    await db.batch([
      db.delete(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId)),
      db.delete(campaigns).where(eq(campaigns.id, campaignId)),
    ]);
    return c.json({ status: 'success' as const, message: `Campaign ${campaignId} deleted.` }, 200);
  });
}
