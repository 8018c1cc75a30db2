import { and, inArray, sql } from 'drizzle-orm';
import { webhookOutbox } from '../../../../shared/src/db/schema.js';
import type { Db } from '../../db/client.js';

/** Webhook deliveries waiting and given up, of these sessions (null: every session), counted
 * along the outbox's (status, created_at) index. */
export function webhookBacklog(db: Db, sessions: string[] | null) {
  const pending = sql`${webhookOutbox.status} = 'pending'`;
  return db
    .select({
      pending: sql<number>`coalesce(sum(${pending}), 0)`.mapWith(Number),
      dead: sql<number>`coalesce(sum(${webhookOutbox.status} = 'dead'), 0)`.mapWith(Number),
      oldestPendingAt: sql<string | null>`min(case when ${pending} then ${webhookOutbox.createdAt} end)`.mapWith((ms) =>
        ms === null ? null : new Date(Number(ms)).toISOString(),
      ),
    })
    .from(webhookOutbox)
    .where(and(inArray(webhookOutbox.status, ['pending', 'dead']), sessions ? inArray(webhookOutbox.sessionId, sessions) : undefined));
}
