import type { Recipient } from '../../../../shared/src/campaigns/recipients.js';
import type { recipientListMembers, recipientLists } from '../../../../shared/src/db/schema.js';

type ListRow = typeof recipientLists.$inferSelect;
type MemberRow = Pick<typeof recipientListMembers.$inferSelect, 'number' | 'name' | 'jobTitle' | 'companyName' | 'customFields'>;

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A stored list as the API shows it (GET /recipient-lists entry). */
export function listSummary(row: ListRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: parseJson<string[]>(row.tags, []),
    recipientCount: row.recipientCount,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    lastUsed: isoOrNull(row.lastUsed),
    usageCount: row.usageCount,
    sessionId: row.sessionId,
  };
}

export function memberRecipient(row: MemberRow): Recipient {
  return {
    number: row.number,
    name: row.name,
    jobTitle: row.jobTitle,
    companyName: row.companyName,
    customFields: parseJson<Record<string, string>>(row.customFields, {}),
  };
}

export function pagination(page: number, pageSize: number, total: number) {
  const totalPages = Math.ceil(total / pageSize);
  return { page, pageSize, total, totalPages, hasMore: page < totalPages };
}
