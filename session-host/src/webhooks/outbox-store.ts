// The dispatcher's reads and writes of `webhook_outbox`. Every write is a single statement that
// re-checks `status = 'pending'`, so an edge retry or a delete racing a delivery is never undone
// and no interactive transaction is held across the network call.
import { and, asc, eq, inArray, isNull, min, sql } from 'drizzle-orm';
import { sessionWebhooks, webhookOutbox } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';

export type OutboxRow = typeof webhookOutbox.$inferSelect;
export interface WebhookTarget {
  url: string;
  secret: string;
}
/** One delivery queue: a session's events for one of its webhooks. `webhookId` is null only for
 * rows written before a session could have several webhooks and left without one. */
export interface OutboxQueue {
  sessionId: string;
  webhookId: number | null;
}

/** SQLite caps bound parameters per statement; poll in slices well under it. */
const IN_LIST_CHUNK = 500;

const inQueue = ({ sessionId, webhookId }: OutboxQueue) =>
  and(eq(webhookOutbox.sessionId, sessionId), webhookId === null ? isNull(webhookOutbox.webhookId) : eq(webhookOutbox.webhookId, webhookId));

export class OutboxStore {
  constructor(private readonly db: HostDb) {}

  /** Of these sessions' queues, those whose oldest pending event is due now. */
  async dueQueues(sessionIds: readonly string[], now: number): Promise<OutboxQueue[]> {
    const due: OutboxQueue[] = [];
    for (let i = 0; i < sessionIds.length; i += IN_LIST_CHUNK) {
      const chunk = sessionIds.slice(i, i + IN_LIST_CHUNK);
      // The head of each queue, found through the (session_id, webhook_id, status, id) index.
      const heads = this.db
        .select({ id: min(webhookOutbox.id) })
        .from(webhookOutbox)
        .where(and(inArray(webhookOutbox.sessionId, chunk), eq(webhookOutbox.status, 'pending')))
        .groupBy(webhookOutbox.sessionId, webhookOutbox.webhookId);
      const rows = await this.db
        .select({ sessionId: webhookOutbox.sessionId, webhookId: webhookOutbox.webhookId, nextAttemptAt: webhookOutbox.nextAttemptAt })
        .from(webhookOutbox)
        .where(inArray(webhookOutbox.id, heads));
      for (const row of rows) if (row.nextAttemptAt <= now) due.push({ sessionId: row.sessionId, webhookId: row.webhookId });
    }
    return due;
  }

  /** The queue's webhook as it is now and its `limit` oldest pending events, read in one round
   * trip; the events in `delivered` (delivered at `at`) are marked so in the same batch. */
  async next(
    queue: OutboxQueue,
    limit: number,
    delivered: { ids: readonly number[]; at: number } = { ids: [], at: 0 },
  ): Promise<{ target: WebhookTarget | undefined; heads: OutboxRow[] }> {
    const reads = [
      this.db
        .select({ url: sessionWebhooks.url, secret: sessionWebhooks.secret })
        .from(sessionWebhooks)
        .where(and(eq(sessionWebhooks.sessionId, queue.sessionId), eq(sessionWebhooks.id, queue.webhookId ?? -1))),
      this.db
        .select()
        .from(webhookOutbox)
        .where(and(inQueue(queue), eq(webhookOutbox.status, 'pending')))
        .orderBy(asc(webhookOutbox.id))
        .limit(limit),
    ] as const;
    if (delivered.ids.length === 0) {
      const [targets, heads] = await this.db.batch(reads);
      return { target: targets[0], heads };
    }
    const [, targets, heads] = await this.db.batch([this.deliveredUpdate(queue, delivered.ids, delivered.at), ...reads]);
    return { target: targets[0], heads };
  }

  async markDelivered(queue: OutboxQueue, ids: readonly number[], now: number): Promise<void> {
    await this.deliveredUpdate(queue, ids, now);
  }

  /** Only while the event is still pending in this queue: one an edge moved to another webhook
   * meanwhile (a primary webhook set again adopts them) is still owed to that one. */
  private deliveredUpdate(queue: OutboxQueue, ids: readonly number[], now: number) {
    return this.db
      .update(webhookOutbox)
      .set({ status: 'delivered', deliveredAt: now, attempts: sql`${webhookOutbox.attempts} + 1`, lastError: null })
      .where(and(inArray(webhookOutbox.id, [...ids]), inQueue(queue), eq(webhookOutbox.status, 'pending')));
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

  /** The queue's webhook was deleted: its pending deliveries can never be made. (A primary webhook
   * set again at once adopts them first: edge/src/webhooks/session-webhooks.ts.) */
  async markOrphansDead(queue: OutboxQueue): Promise<number> {
    const rows = await this.db
      .update(webhookOutbox)
      .set({ status: 'dead', lastError: 'webhook removed' })
      .where(
        and(inQueue(queue), eq(webhookOutbox.status, 'pending'), sql`not exists (select 1 from session_webhooks as w where w.id = webhook_outbox.webhook_id)`),
      )
      .returning({ id: webhookOutbox.id });
    return rows.length;
  }
}
