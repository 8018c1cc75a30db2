import { createRoute } from '@hono/zod-openapi';
import { desc, sql } from 'drizzle-orm';
import { messageCounts } from '../../../../shared/src/db/schema.js';
import { webhookBacklog } from './backlog-sql.js';
import { requirePrincipal, requireSessionAccess, sessionScope } from '../../auth/principal.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { METRICS, countsWhere, pick, ratios, sums, type Counts } from './counts-sql.js';
import { bucketRange } from './range.js';
import { AnalyticsQuery, AnalyticsResponse } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/analytics',
  tags: ['Analytics'],
  summary: 'Messages sent, delivered, read, failed and received over time',
  description:
    'Counts per minute, hour or day (UTC) of every session the caller reaches (a session token: its own; ' +
    'an operator: its sessions), or of `sessionId`, with the delivery ratio (delivered ÷ sent), the read ratio ' +
    '(read ÷ delivered) and the same totals per session. A status counts in the bucket in which it was reached. ' +
    'Also the webhook backlog now: deliveries pending and dead. ' +
    'Ranges: minute at most 24 hours (per-minute counts are kept RETENTION_MINUTE_COUNTS_MS), hour 31 days, day 366 days.',
  ...callerOnly(),
  request: { query: AnalyticsQuery },
  responses: { 200: jsonContent(AnalyticsResponse, 'The series, totals and ratios'), ...errorResponses(400, 401, 403) },
});

export function registerGetAnalytics(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, granularity, since, until } = c.req.valid('query');
    const principal = sessionId ? requireSessionAccess(c, sessionId) : requirePrincipal(c);
    const range = bucketRange(granularity, since, until, Date.now());
    const scope = sessionId ? [sessionId] : sessionScope(principal);
    const where = countsWhere(granularity === 'minute' ? 'minute' : 'hour', range.start, range.end, scope);
    const bucket = sql<number>`${messageCounts.bucketStart} - ${messageCounts.bucketStart} % ${sql.raw(String(range.size))}`.mapWith(Number);
    const { db } = c.var.deps;
    const [byBucket, bySession, backlog] = await db.batch([
      db
        .select({ bucket, ...sums })
        .from(messageCounts)
        .where(where)
        .groupBy(bucket),
      db
        .select({ sessionId: messageCounts.sessionId, ...sums })
        .from(messageCounts)
        .where(where)
        .groupBy(messageCounts.sessionId)
        .orderBy(desc(sql`sum(${messageCounts.sent}) + sum(${messageCounts.received})`), messageCounts.sessionId),
      webhookBacklog(db, scope),
    ]);
    const index = new Map(range.buckets.map((at, i) => [at, i]));
    const series = Object.fromEntries(METRICS.map((metric) => [metric, range.buckets.map(() => 0)])) as Record<keyof Counts, number[]>;
    const totals: Counts = { sent: 0, delivered: 0, read: 0, failed: 0, received: 0 };
    for (const row of byBucket) {
      const i = index.get(row.bucket);
      if (i === undefined) continue;
      for (const metric of METRICS) {
        series[metric][i] = row[metric];
        totals[metric] += row[metric];
      }
    }
    return c.json(
      {
        status: 'success' as const,
        sessionId: sessionId ?? null,
        granularity,
        since: new Date(range.start).toISOString(),
        until: new Date(range.end).toISOString(),
        buckets: range.buckets.map((at) => new Date(at).toISOString()),
        series,
        totals,
        ratios: ratios(totals),
        sessions: bySession.map((row) => ({ sessionId: row.sessionId, totals: pick(row), ratios: ratios(row) })),
        webhooks: backlog[0] ?? { pending: 0, dead: 0, oldestPendingAt: null },
      },
      200,
    );
  });
}
