// The dispatcher's reads and writes of `webhook_outbox`. Every write is a single statement that
// re-checks `status = 'pending'`, so an edge retry or a delete racing a delivery is never undone
// and no interactive transaction is held across the network call.
import type { ResultSet, Row, Value } from '@libsql/client';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { webhookOutbox } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { runBatch, type SqlStatement } from '../db/statements.js';

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

// The dispatcher's per-delivery statements are fixed texts (no SQL built per read; the database
// keeps them prepared), with lists passed as one JSON array.
const DUE_HEADS = `select session_id, webhook_id, next_attempt_at from webhook_outbox where id in (
  select min(id) from webhook_outbox where session_id in (select value from json_each(?)) and status = 'pending' group by session_id, webhook_id)`;
const TARGET = 'select url, secret from session_webhooks where session_id = ? and id = ?';
const OUTBOX_COLUMNS = 'id, session_id, event_id, event, body, status, attempts, next_attempt_at, last_error, created_at, delivered_at, webhook_id, seq';
/** The queue's rows: its session's, for its webhook (or those left without one). */
const queueSql = ({ sessionId, webhookId }: OutboxQueue) =>
  webhookId === null
    ? { where: 'session_id = ? and webhook_id is null', args: [sessionId] }
    : { where: 'session_id = ? and webhook_id = ?', args: [sessionId, webhookId] };

const int = (v: Value | undefined) => Number(v);
const intOrNull = (v: Value | undefined) => (v == null ? null : Number(v));
const textOrNull = (v: Value | undefined) => (v == null ? null : String(v));
function outboxRow(r: Row): OutboxRow {
  return {
    id: int(r.id),
    sessionId: String(r.session_id),
    eventId: String(r.event_id),
    event: String(r.event),
    body: String(r.body),
    status: String(r.status) as OutboxRow['status'],
    attempts: int(r.attempts),
    nextAttemptAt: int(r.next_attempt_at),
    lastError: textOrNull(r.last_error),
    createdAt: int(r.created_at),
    deliveredAt: intOrNull(r.delivered_at),
    webhookId: intOrNull(r.webhook_id),
    seq: intOrNull(r.seq),
  };
}

const inQueue = ({ sessionId, webhookId }: OutboxQueue) =>
  and(eq(webhookOutbox.sessionId, sessionId), webhookId === null ? isNull(webhookOutbox.webhookId) : eq(webhookOutbox.webhookId, webhookId));

export class OutboxStore {
  constructor(private readonly db: HostDb) {}

  /** Of these sessions' queues, those whose oldest pending event is due now. */
  async dueQueues(sessionIds: readonly string[], now: number): Promise<OutboxQueue[]> {
    const due: OutboxQueue[] = [];
    for (let i = 0; i < sessionIds.length; i += IN_LIST_CHUNK) {
      const { rows } = await this.db.$client.execute({ sql: DUE_HEADS, args: [JSON.stringify(sessionIds.slice(i, i + IN_LIST_CHUNK))] });
      for (const row of rows) {
        if (Number(row.next_attempt_at) <= now) due.push({ sessionId: String(row.session_id), webhookId: intOrNull(row.webhook_id) });
      }
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
    const q = queueSql(queue);
    const reads: SqlStatement[] = [
      { sql: TARGET, args: [queue.sessionId, queue.webhookId ?? -1] },
      { sql: `select ${OUTBOX_COLUMNS} from webhook_outbox where ${q.where} and status = 'pending' order by id limit ?`, args: [...q.args, limit] },
    ];
    const results = await runBatch(this.db, delivered.ids.length === 0 ? reads : [this.deliveredUpdate(queue, delivered.ids, delivered.at), ...reads]);
    const [targets, heads] = results.slice(-2) as [ResultSet, ResultSet];
    const target = targets.rows[0];
    return { target: target && { url: String(target.url), secret: String(target.secret) }, heads: heads.rows.map(outboxRow) };
  }

  async markDelivered(queue: OutboxQueue, ids: readonly number[], now: number): Promise<void> {
    await this.db.$client.execute(this.deliveredUpdate(queue, ids, now));
  }

  /** Only while the event is still pending in this queue: one an edge moved to another webhook
   * meanwhile (a primary webhook set again adopts them) is still owed to that one. */
  private deliveredUpdate(queue: OutboxQueue, ids: readonly number[], now: number): SqlStatement {
    const q = queueSql(queue);
    return {
      sql: `update webhook_outbox set status = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = null
        where id in (select value from json_each(?)) and ${q.where} and status = 'pending'`,
      args: [now, JSON.stringify(ids), ...q.args],
    };
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
