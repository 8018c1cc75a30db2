import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { SessionStatus } from '../../../shared/src/api/common.js';
import type { HostDb } from '../db/client.js';
import type { HostMetrics } from './host-metrics.js';

const RECIPIENT_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

/** The gauges whose truth is in the database, read when Prometheus scrapes instead of polled.
 * Each query is limited to the sessions this host holds a live lease on and walks an index
 * (messages_session_status, webhook_outbox_session_pending, campaign_recipients_status), so a
 * scrape costs in proportion to this host's own work, never to the tables' history. */
export class DbGauges {
  constructor(
    private readonly db: HostDb,
    private readonly hostId: string,
    private readonly metrics: HostMetrics,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  async refresh(): Promise<void> {
    const now = this.clock();
    const owned = sql`select session_id from host_leases where host_id = ${this.hostId} and expires_at > ${now}`;
    try {
      const [sessions, queue, outbox, recipients] = await Promise.all([
        this.db.all<{ status: string; n: number }>(sql`select status, count(*) as n from sessions where id in (${owned}) group by status`),
        // Only outgoing rows are ever queued or sending, so the count is read from the index alone; the
        // oldest is the lowest id of each session's queue (ids grow with time), one row read per session.
        this.db.all<{ n: number; oldest: number | null }>(
          sql`select (select count(*) from messages where session_id in (${owned}) and status in ('queued', 'sending')) as n,
            (select min(created_at) from messages where id in (select min(id) from messages
              where session_id in (${owned}) and status in ('queued', 'sending') group by session_id)) as oldest`,
        ),
        this.db.all<{ status: string; n: number }>(
          // Named: left to itself the planner takes the status index and walks every host's rows.
          sql`select status, count(*) as n from webhook_outbox indexed by webhook_outbox_session_pending
            where session_id in (${owned}) and status in ('pending', 'dead') group by status`,
        ),
        this.db.all<{ status: string; n: number }>(
          sql`select r.status as status, count(*) as n from campaign_recipients r
            where r.campaign_id in (select id from campaigns where session_id in (${owned}) and status in ('scheduled', 'running', 'paused'))
            group by r.status`,
        ),
      ]);
      setByStatus(this.metrics.sessions, SessionStatus.options, sessions);
      const oldest = queue[0]?.oldest;
      this.metrics.sendQueueDepth.set(Number(queue[0]?.n ?? 0));
      this.metrics.sendQueueOldestAge.set(oldest == null ? 0 : Math.max(0, (now - Number(oldest)) / 1000));
      const outboxCount = (status: string) => Number(outbox.find((row) => row.status === status)?.n ?? 0);
      this.metrics.webhookBacklog.set(outboxCount('pending'));
      this.metrics.webhookDead.set(outboxCount('dead'));
      setByStatus(this.metrics.campaignRecipients, RECIPIENT_STATUSES, recipients);
      this.metrics.databaseScrapeUp.set(1);
    } catch (err) {
      this.logger.warn({ err }, 'metrics: database gauges not read');
      this.metrics.databaseScrapeUp.set(0);
    }
  }
}

/** Every known status gets a value (0 when absent), so a series does not vanish when it empties. */
function setByStatus(gauge: HostMetrics['sessions'], known: readonly string[], rows: { status: string; n: number }[]): void {
  for (const status of new Set([...known, ...rows.map((row) => row.status)])) {
    gauge.set({ status }, Number(rows.find((row) => row.status === status)?.n ?? 0));
  }
}
