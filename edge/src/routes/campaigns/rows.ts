import { count, eq, inArray, type SQLWrapper } from 'drizzle-orm';
import type { CampaignStatus } from '../../../../shared/src/campaigns/status.js';
import { campaignRecipients, type campaigns } from '../../../../shared/src/db/schema.js';
import type { Db } from '../../db/client.js';
import { iso, isoOrNull, memberRecipient } from '../recipient-lists/rows.js';

type CampaignRow = typeof campaigns.$inferSelect;
type RecipientRow = typeof campaignRecipients.$inferSelect;
export type StatsRow = { campaignId: string; status: string; n: number };
export type Statistics = { total: number; sent: number; failed: number; pending: number };

/** Recipient counts per campaign and status: one grouped query, the only source of statistics. */
export function statsQuery(db: Db, campaignIds: SQLWrapper | string) {
  return db
    .select({ campaignId: campaignRecipients.campaignId, status: campaignRecipients.status, n: count() })
    .from(campaignRecipients)
    .where(typeof campaignIds === 'string' ? eq(campaignRecipients.campaignId, campaignIds) : inArray(campaignRecipients.campaignId, campaignIds))
    .groupBy(campaignRecipients.campaignId, campaignRecipients.status);
}

/** Statistics per campaign id from `statsQuery` rows; pending includes recipients being sent. */
export function statisticsById(rows: readonly StatsRow[]): Map<string, Statistics> {
  const byId = new Map<string, Statistics>();
  for (const row of rows) {
    const stats = byId.get(row.campaignId) ?? { total: 0, sent: 0, failed: 0, pending: 0 };
    stats.total += row.n;
    if (row.status === 'sent') stats.sent += row.n;
    else if (row.status === 'failed') stats.failed += row.n;
    else stats.pending += row.n;
    byId.set(row.campaignId, stats);
  }
  return byId;
}

const empty: Statistics = { total: 0, sent: 0, failed: 0, pending: 0 };

function parseObject(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** A stored campaign as the API shows it (GET /campaigns entry). */
export function campaignSummary(row: CampaignRow, stats: Statistics = empty) {
  return {
    id: row.id,
    name: row.name,
    sessionId: row.sessionId,
    status: row.status as CampaignStatus,
    statusDetail: row.statusDetail,
    createdAt: iso(row.createdAt),
    scheduledAt: isoOrNull(row.scheduledAt),
    startedAt: isoOrNull(row.startedAt),
    completedAt: isoOrNull(row.completedAt),
    updatedAt: iso(row.updatedAt),
    recipientListId: row.recipientListId,
    recipientCount: stats.total,
    statistics: stats,
    message: parseObject(row.message),
    settings: parseObject(row.settings),
  };
}

export function campaignRecipient(row: RecipientRow) {
  return {
    position: row.position,
    ...memberRecipient(row),
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    messageId: row.waMessageId,
    sentAt: isoOrNull(row.sentAt),
  };
}
