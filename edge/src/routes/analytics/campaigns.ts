import { createRoute } from '@hono/zod-openapi';
import type { CampaignStatus } from '../../../../shared/src/campaigns/status.js';
import { requirePrincipal, requireSessionAccess, sessionScope } from '../../auth/principal.js';
import { callerOnly } from '../caller.js';
import { isoOrNull } from '../recipient-lists/rows.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { campaignComparison, type ComparisonRow } from './campaigns-sql.js';
import { ratios } from './counts-sql.js';
import { CampaignAnalyticsQuery, CampaignAnalyticsResponse } from './schema.js';

const RECENT_MS = 5 * 60_000;

const route = createRoute({
  method: 'get',
  path: '/analytics/campaigns',
  tags: ['Analytics'],
  summary: 'Campaigns compared',
  description:
    'The newest campaigns the caller reaches, each with its recipients, how many were sent, delivered, read, ' +
    'failed and are pending, its delivery and read ratios, its average send rate since it started and its rate ' +
    'over the last 5 minutes. Delivered and read come from the receipts of the campaign’s messages.',
  ...callerOnly(),
  request: { query: CampaignAnalyticsQuery },
  responses: { 200: jsonContent(CampaignAnalyticsResponse, 'The campaigns, newest first'), ...errorResponses(400, 401, 403) },
});

export function registerGetCampaignAnalytics(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, status, limit } = c.req.valid('query');
    const principal = sessionId ? requireSessionAccess(c, sessionId) : requirePrincipal(c);
    const scope = sessionId ? [sessionId] : sessionScope(principal);
    const now = Date.now();
    const rows = await c.var.deps.db.all<ComparisonRow>(campaignComparison({ sessions: scope, status, limit, recentSince: now - RECENT_MS }));
    const campaigns = rows.map((row) => {
      const [recipients, sent, delivered, read, failed] = [row.recipients, row.sent, row.delivered, row.read, row.failed].map(Number) as number[];
      const started = row.started_at === null ? null : Number(row.started_at);
      const minutes = started === null ? 0 : Math.max(((row.completed_at === null ? now : Number(row.completed_at)) - started) / 60_000, 1 / 60);
      return {
        id: row.id,
        name: row.name,
        sessionId: row.session_id,
        status: row.status as CampaignStatus,
        startedAt: isoOrNull(started),
        completedAt: isoOrNull(row.completed_at === null ? null : Number(row.completed_at)),
        recipients: recipients!,
        sent: sent!,
        delivered: delivered!,
        read: read!,
        failed: failed!,
        pending: recipients! - sent! - failed!,
        ratios: ratios({ sent: sent!, delivered: delivered!, read: read! }),
        ratePerMinute: started === null ? null : Math.round((sent! / minutes) * 100) / 100,
        recentPerMinute: Math.round((Number(row.recent) / (RECENT_MS / 60_000)) * 100) / 100,
      };
    });
    return c.json({ status: 'success' as const, campaigns }, 200);
  });
}
