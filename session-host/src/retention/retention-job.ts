// Drops what the gateway no longer needs, so the database stops growing with traffic: expired
// rate-limit windows, old idempotency keys, the contents of old messages (the row and its status
// stay), old delivered or dead webhook events, old per-minute message counts, the old part of each session's event log and old audit log entries.
// Pending events are never touched. Work goes in
// small batches, one short statement each, so no batch holds the database for long. Every step
// is idempotent, so several hosts running it at once only repeat each other's deletes.
import { sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { HostDb } from '../db/client.js';

export interface RetentionSettings {
  /** Each in ms; 0 keeps that kind of data forever. */
  rateLimitsMs: number;
  idempotencyKeysMs: number;
  messagePayloadsMs: number;
  deliveredWebhookEventsMs: number;
  deadWebhookEventsMs: number;
  auditLogMs: number;
  /** The session event log the live stream resumes from. */
  sessionEventsMs: number;
  /** The per-minute message counts (hourly ones stay). */
  minuteCountsMs: number;
  /** Pause between two runs; 0 turns the job off. */
  intervalMs: number;
  /** Rows per statement. */
  batchSize?: number;
}

type Removed = Record<string, number>;

/** Final states only: a queued or sending message still needs its payload to be sent. */
const SETTLED_MESSAGE = sql`status in ('sent', 'delivered', 'read', 'failed', 'received')`;
const CLEARED_PAYLOAD = '{}';

export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: HostDb,
    private readonly settings: RetentionSettings,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Runs soon after start (at a random point of the first interval, so hosts started together
   * do not all clean at once), then every intervalMs. */
  start(): void {
    if (this.settings.intervalMs <= 0) return;
    this.schedule(Math.floor(Math.random() * Math.min(this.settings.intervalMs, 60_000)));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over every kind of data; returns how many rows each step removed or cleared. */
  async runOnce(): Promise<Removed> {
    const now = this.clock();
    const { settings } = this;
    const steps: [string, number, (cutoff: number, limit: number) => SQL][] = [
      [
        'rateLimits',
        settings.rateLimitsMs,
        (cutoff, limit) => sql`delete from rate_limits where key in (select key from rate_limits where window_start < ${cutoff} limit ${limit})`,
      ],
      [
        'idempotencyKeys',
        settings.idempotencyKeysMs,
        (cutoff, limit) => sql`delete from idempotency_keys where rowid in (select rowid from idempotency_keys where created_at < ${cutoff} limit ${limit})`,
      ],
      [
        'messagePayloads',
        settings.messagePayloadsMs,
        (cutoff, limit) =>
          sql`update messages set payload = ${CLEARED_PAYLOAD} where id in (select id from messages where created_at < ${cutoff}
            and ${SETTLED_MESSAGE} and payload <> ${CLEARED_PAYLOAD} limit ${limit})`,
      ],
      [
        // a poll's secret and options go with the message contents: votes on older polls report 'unknown poll'
        'polls',
        settings.messagePayloadsMs,
        (cutoff, limit) => sql`delete from polls where rowid in (select rowid from polls where created_at < ${cutoff} limit ${limit})`,
      ],
      ['deliveredWebhookEvents', settings.deliveredWebhookEventsMs, (cutoff, limit) => outboxDelete('delivered', cutoff, limit)],
      ['deadWebhookEvents', settings.deadWebhookEventsMs, (cutoff, limit) => outboxDelete('dead', cutoff, limit)],
      [
        'minuteCounts',
        settings.minuteCountsMs,
        (cutoff, limit) =>
          sql`delete from message_counts where rowid in (select rowid from message_counts where granularity = 'minute' and bucket_start < ${cutoff} limit ${limit})`,
      ],
      [
        'auditLog',
        settings.auditLogMs,
        (cutoff, limit) => sql`delete from audit_log where id in (select id from audit_log where at < ${cutoff} limit ${limit})`,
      ],
      [
        // a session's newest event stays, however old: the next one is numbered from it
        'sessionEvents',
        settings.sessionEventsMs,
        (cutoff, limit) =>
          sql`delete from session_events where id in (select id from session_events as e where created_at < ${cutoff}
            and seq < (select max(seq) from session_events where session_id = e.session_id) limit ${limit})`,
      ],
    ];
    const removed: Removed = {};
    for (const [name, keepMs, statement] of steps) {
      if (keepMs > 0) removed[name] = await this.inBatches((limit) => statement(now - keepMs, limit));
    }
    if (Object.values(removed).some((count) => count > 0)) this.logger.info({ removed }, 'retention: old data removed');
    return removed;
  }

  private async inBatches(statement: (limit: number) => SQL): Promise<number> {
    const limit = this.settings.batchSize ?? 500;
    let total = 0;
    for (;;) {
      if (this.closed) return total;
      const result = await this.db.run(statement(limit));
      total += result.rowsAffected;
      if (result.rowsAffected < limit) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err) => this.logger.error({ err }, 'retention: cleanup failed; retrying at the next run'))
        .finally(() => this.schedule(this.settings.intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}

function outboxDelete(status: 'delivered' | 'dead', cutoff: number, limit: number): SQL {
  return sql`delete from webhook_outbox where id in (select id from webhook_outbox where status = ${status} and created_at < ${cutoff} limit ${limit})`;
}
