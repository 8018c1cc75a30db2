// The dispatcher's reads and writes of `webhook_outbox`. Every write is a single statement that
// re-checks `status = 'pending'`, so an edge retry or a delete racing a delivery is never undone
// and no interactive transaction is held across the network call.
import { and, asc, eq, inArray, min, sql } from 'drizzle-orm';
import { webhookOutbox, webhooks } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';

export type OutboxRow = typeof webhookOutbox.$inferSelect;
export interface WebhookTarget {
  url: string;
  secret: string;
}

/** SQLite caps bound parameters per statement; poll in slices well under it. */
const IN_LIST_CHUNK = 500;

export class OutboxStore {
  constructor(private readonly db: HostDb) {}

  /** Of these sessions, those whose oldest pending event is due now. */
  async dueSessions(sessionIds: readonly string[], now: number): Promise<string[]> {
    const due: string[] = [];
    for (let i = 0; i < sessionIds.length; i += IN_LIST_CHUNK) {
      const chunk = sessionIds.slice(i, i + IN_LIST_CHUNK);
      // The head of each queue, found through the (session_id, status, id) index.
      const heads = this.db
        .select({ id: min(webhookOutbox.id) })
        .from(webhookOutbox)
        .where(and(inArray(webhookOutbox.sessionId, chunk), eq(webhookOutbox.status, 'pending')))
        .groupBy(webhookOutbox.sessionId);
      const rows = await this.db
        .select({ sessionId: webhookOutbox.sessionId, nextAttemptAt: webhookOutbox.nextAttemptAt })
        .from(webhookOutbox)
        .where(inArray(webhookOutbox.id, heads));
      for (const row of rows) if (row.nextAttemptAt <= now) due.push(row.sessionId);
    }
    return due;
  }

  /** The session's current webhook and its oldest pending event, read in one round trip. */
  async next(sessionId: string): Promise<{ target: WebhookTarget | undefined; head: OutboxRow | undefined }> {
    const [targets, heads] = await this.db.batch([
      this.db.select({ url: webhooks.url, secret: webhooks.secret }).from(webhooks).where(eq(webhooks.sessionId, sessionId)),
      this.db
        .select()
        .from(webhookOutbox)
        .where(and(eq(webhookOutbox.sessionId, sessionId), eq(webhookOutbox.status, 'pending')))
        .orderBy(asc(webhookOutbox.id))
        .limit(1),
    ]);
    return { target: targets[0], head: heads[0] };
  }

  async markDelivered(id: number, now: number): Promise<void> {
    await this.db
      .update(webhookOutbox)
      .set({ status: 'delivered', deliveredAt: now, attempts: sql`${webhookOutbox.attempts} + 1`, lastError: null })
      .where(and(eq(webhookOutbox.id, id), eq(webhookOutbox.status, 'pending')));
  }

  /** Records a failed attempt: retried at `nextAttemptAt`, or dead when that is null. */
  async markFailed(id: number, error: string, nextAttemptAt: number | null): Promise<void> {
    await this.db
      .update(webhookOutbox)
      .set({
        attempts: sql`${webhookOutbox.attempts} + 1`,
        lastError: error.slice(0, 500),
        ...(nextAttemptAt === null ? { status: 'dead' as const } : { nextAttemptAt }),
      })
      .where(and(eq(webhookOutbox.id, id), eq(webhookOutbox.status, 'pending')));
  }

  /** The webhook was deleted: its pending events can never be delivered. Re-checked in the same
   * statement so a webhook set again meanwhile keeps its events. */
  async markOrphansDead(sessionId: string): Promise<number> {
    const rows = await this.db
      .update(webhookOutbox)
      .set({ status: 'dead', lastError: 'webhook removed' })
      .where(
        and(
          eq(webhookOutbox.sessionId, sessionId),
          eq(webhookOutbox.status, 'pending'),
          sql`not exists (select 1 from ${webhooks} where ${webhooks.sessionId} = ${sessionId})`,
        ),
      )
      .returning({ id: webhookOutbox.id });
    return rows.length;
  }
}
