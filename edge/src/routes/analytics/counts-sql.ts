import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { messageCounts } from '../../../../shared/src/db/schema.js';
import { ratio } from '../../../../shared/src/api/analytics.js';

export const METRICS = ['sent', 'delivered', 'read', 'failed', 'received'] as const;
export type Counts = Record<(typeof METRICS)[number], number>;

/** The five sums, as selected columns. */
export const sums = {
  sent: sql<number>`coalesce(sum(${messageCounts.sent}), 0)`.mapWith(Number),
  delivered: sql<number>`coalesce(sum(${messageCounts.delivered}), 0)`.mapWith(Number),
  read: sql<number>`coalesce(sum(${messageCounts.read}), 0)`.mapWith(Number),
  failed: sql<number>`coalesce(sum(${messageCounts.failed}), 0)`.mapWith(Number),
  received: sql<number>`coalesce(sum(${messageCounts.received}), 0)`.mapWith(Number),
};

/** The stored rows of a range: minute buckets for minutes, hour buckets (summed up) otherwise.
 * `sessions` null: every session. */
export function countsWhere(stored: 'minute' | 'hour', start: number, end: number, sessions: string[] | null): SQL {
  return and(
    eq(messageCounts.granularity, stored),
    gte(messageCounts.bucketStart, start),
    lt(messageCounts.bucketStart, end),
    sessions ? inArray(messageCounts.sessionId, sessions) : undefined,
  )!;
}

export const ratios = (counts: Pick<Counts, 'sent' | 'delivered' | 'read'>) => ({
  delivered: ratio(counts.delivered, counts.sent),
  read: ratio(counts.read, counts.delivered),
});

export const pick = (row: Counts): Counts => ({ sent: row.sent, delivered: row.delivered, read: row.read, failed: row.failed, received: row.received });
