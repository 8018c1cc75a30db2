// GET /analytics and GET /analytics/campaigns: message counts over time (from `message_counts`)
// and a comparison of campaigns.
import { z } from 'zod';
import { CAMPAIGN_STATUSES } from '../campaigns/status.js';
import { SessionId } from './common.js';

export const GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const BUCKET_MS: Record<Granularity, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
/** The longest range a granularity may ask for, and the range it gets when `since` is left out. */
export const MAX_RANGE_MS: Record<Granularity, number> = { minute: 86_400_000, hour: 31 * 86_400_000, day: 366 * 86_400_000 };
export const DEFAULT_RANGE_MS: Record<Granularity, number> = { minute: 3_600_000, hour: 86_400_000, day: 30 * 86_400_000 };

const instant = (name: 'since' | 'until') =>
  z.iso.datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z` }).optional();

export const AnalyticsQuery = z.object({
  sessionId: SessionId.optional().describe('Only this session (default: every session the caller reaches)'),
  granularity: z
    .enum(GRANULARITIES, { error: 'granularity must be minute, hour or day' })
    .default('hour')
    .describe('Bucket size (UTC). minute: at most 24 hours (kept RETENTION_MINUTE_COUNTS_MS), hour: 31 days, day: 366 days'),
  since: instant('since').describe('Start (default: 1 hour, 24 hours or 30 days before `until`); rounded down to a bucket'),
  until: instant('until').describe('End, exclusive (default: now)'),
});

const Metric = z.number().int();
export const Counts = z.object({ sent: Metric, delivered: Metric, read: Metric, failed: Metric, received: Metric });
export const Ratios = z.object({
  delivered: z.number().nullable().describe('delivered ÷ sent (null when nothing was sent)'),
  read: z.number().nullable().describe('read ÷ delivered (null when nothing was delivered)'),
});

export const AnalyticsResponse = z.object({
  status: z.literal('success'),
  sessionId: z.string().nullable(),
  granularity: z.enum(GRANULARITIES),
  since: z.string().describe('ISO 8601, the first bucket’s start'),
  until: z.string().describe('ISO 8601, exclusive'),
  buckets: z.array(z.string()).describe('Each bucket’s start (ISO 8601), oldest first; the series have one number per bucket'),
  series: z.object({ sent: z.array(Metric), delivered: z.array(Metric), read: z.array(Metric), failed: z.array(Metric), received: z.array(Metric) }),
  totals: Counts,
  ratios: Ratios,
  sessions: z.array(z.object({ sessionId: z.string(), totals: Counts, ratios: Ratios })).describe('The same range per session, busiest first'),
  webhooks: z
    .object({ pending: Metric, dead: Metric, oldestPendingAt: z.string().nullable() })
    .describe('Now, whatever the range: deliveries waiting (the backlog), deliveries given up (kept RETENTION_WEBHOOK_DEAD_MS)'),
});

export const CampaignAnalyticsQuery = z.object({
  sessionId: SessionId.optional().describe('Only this session’s campaigns'),
  status: z.enum(CAMPAIGN_STATUSES, { error: `status must be one of ${CAMPAIGN_STATUSES.join(', ')}` }).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(100, 'limit must be at most 100')
    .default(20)
    .describe('The newest campaigns, at most 100'),
});

export const CampaignComparison = z.object({
  id: z.string(),
  name: z.string(),
  sessionId: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  recipients: Metric,
  sent: Metric,
  delivered: Metric,
  read: Metric,
  failed: Metric,
  pending: Metric,
  ratios: Ratios,
  ratePerMinute: z.number().nullable().describe('Sent per minute from its start to its end (or now); null before it starts'),
  recentPerMinute: z.number().describe('Sent per minute over the last 5 minutes'),
});

export const CampaignAnalyticsResponse = z.object({ status: z.literal('success'), campaigns: z.array(CampaignComparison) });

/** a ÷ b rounded to 4 places; null when b is 0. */
export const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
