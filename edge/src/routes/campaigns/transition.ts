import { createRoute } from '@hono/zod-openapi';
import { and, inArray, sql } from 'drizzle-orm';
import { ACTION_FROM, transitionRefusal, type CampaignAction } from '../../../../shared/src/campaigns/status.js';
import { campaigns } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonContent } from '../router.js';
import { campaignNotFound, visibleCampaign } from './access.js';
import type { Router } from '../router-types.js';
import { campaignSummary, statisticsById, statsQuery } from './rows.js';
import { CampaignIdParam, CampaignResponse } from './schema.js';
import { callerOnly } from '../caller.js';

const docs: Record<CampaignAction, { summary: string; description: string; done: string }> = {
  start: {
    summary: 'Start a campaign now',
    description: 'draft, scheduled or paused → running, regardless of scheduledAt. The session host sends to the pending recipients.',
    done: 'started',
  },
  pause: {
    summary: 'Pause a campaign',
    description: 'running or scheduled → paused. Recipients already sent stay sent; resume continues with the rest.',
    done: 'paused',
  },
  resume: {
    summary: 'Resume a paused campaign',
    description: 'paused → running (or back to scheduled when it was paused before its scheduledAt and never started).',
    done: 'resumed',
  },
};

/** The new status for an action, as SQL (resume may go back to scheduled). */
function target(action: CampaignAction, now: number) {
  if (action === 'start') return sql`'running'`;
  if (action === 'pause') return sql`'paused'`;
  return sql`case when ${campaigns.startedAt} is null and ${campaigns.scheduledAt} > ${now} then 'scheduled' else 'running' end`;
}

/** Registers POST /campaigns/{id}/<action>: one batch that changes the status only from an allowed
 * one (so two racing requests cannot both win) and reads the result; otherwise 409 or 404. */
export function registerTransition(router: Router, action: CampaignAction) {
  const route = createRoute({
    method: 'post',
    path: `/campaigns/{campaignId}/${action}`,
    tags: ['Campaigns'],
    summary: docs[action].summary,
    description: `${docs[action].description} Any other status is 409. A campaign of another session is 404.`,
    ...callerOnly(),
    request: { params: CampaignIdParam },
    responses: {
      200: jsonContent(CampaignResponse, docs[action].done),
      ...errorResponses(400, 401, 404),
      409: { ...errorResponses(409)[409], description: 'The campaign is in a status this action cannot start from' },
    },
  });
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { campaignId } = c.req.valid('param');
    const { db, clock } = c.var.deps;
    const now = clock();
    const [changed, rows, stats] = await db.batch([
      db
        .update(campaigns)
        .set({
          status: target(action, now),
          statusDetail: null,
          updatedAt: now,
          ...(action === 'start' ? { startedAt: sql`coalesce(${campaigns.startedAt}, ${now})` } : {}),
        })
        .where(and(visibleCampaign(principal, campaignId), inArray(campaigns.status, [...ACTION_FROM[action]])))
        .returning({ id: campaigns.id }),
      db.select().from(campaigns).where(visibleCampaign(principal, campaignId)),
      statsQuery(db, campaignId),
    ]);
    const row = rows[0];
    if (!row) throw new ApiError(404, campaignNotFound(campaignId));
    if (changed.length === 0) throw new ApiError(409, transitionRefusal(action, campaignId, row.status));
    // Wake the session's owner so its campaign runner starts at once instead of at its next poll.
    if (action !== 'pause') c.executionCtx.waitUntil(c.var.deps.host.kick(row.sessionId).catch(() => undefined));
    const summary = campaignSummary(row, statisticsById(stats).get(campaignId));
    return c.json(
      { status: 'success' as const, message: `Campaign ${campaignId} ${docs[action].done}; it is ${row.status}.`, id: campaignId, campaign: summary },
      200,
    );
  });
}
