// The runner's SQL. Every write that moves a recipient or a campaign is one batch, conditioned on
// the state it expects (campaign still running, recipient still pending), so a pause, a delete or
// another host acting at the same moment makes it a no-op instead of a double send.
import { sql } from 'drizzle-orm';
import type { OutgoingMessage } from '../../../shared/src/api/messages.js';
import { toJid } from '../../../shared/src/api/messages.js';
import { eventInserts } from '../../../shared/src/events.js';
import type { HostDb } from '../db/client.js';
import type { RecipientRow } from './outgoing.js';

export type Statistics = { total: number; sent: number; failed: number; pending: number };

export interface ActiveCampaign {
  id: string;
  name: string;
  status: 'running' | 'scheduled';
  statusDetail: string | null;
  message: string;
  settings: string;
  scheduledAt: number | null;
}

export interface InflightRow extends RecipientRow {
  waMessageId: string | null;
  /** The status of its messages row; null when there is none. */
  messageStatus: string | null;
  messageError: string | null;
  nextAttemptAt: number | null;
}

export interface StepState {
  campaign: { status: string; statusDetail: string | null } | undefined;
  inflight: InflightRow | undefined;
  next: RecipientRow | undefined;
  stats: Statistics | undefined;
}

type Batch = Parameters<HostDb['batch']>[0];
const asBatch = (statements: unknown[]) => statements as unknown as Batch;
const num = (value: unknown) => (value == null ? null : Number(value));
const str = (value: unknown) => (value == null ? null : String(value));

const RECIPIENT_COLUMNS = sql`cr.id, cr.number, cr.name, cr.job_title, cr.company_name, cr.custom_fields`;

function recipientRow(r: Record<string, unknown>): RecipientRow {
  return {
    id: Number(r.id),
    number: String(r.number),
    name: str(r.name),
    jobTitle: str(r.job_title),
    companyName: str(r.company_name),
    customFields: String(r.custom_fields ?? '{}'),
  };
}

export class CampaignStore {
  constructor(
    private readonly db: HostDb,
    private readonly sessionId: string,
  ) {}

  /** scheduled → running for this session's campaigns whose time has come (also after downtime). */
  async promoteDue(now: number): Promise<string[]> {
    const rows = await this.db.all<{
      id: string;
    }>(sql`update campaigns set status = 'running', started_at = coalesce(started_at, ${now}), status_detail = null, updated_at = ${now}
      where session_id = ${this.sessionId} and status = 'scheduled' and scheduled_at <= ${now} returning id`);
    return rows.map((row) => String(row.id));
  }

  /** Running campaigns first, in the order they started; then scheduled ones, soonest first. */
  async active(): Promise<ActiveCampaign[]> {
    const rows = await this.db.all<Record<string, unknown>>(sql`select id, name, status, status_detail, message, settings, scheduled_at from campaigns
      where session_id = ${this.sessionId} and status in ('running', 'scheduled')
      order by case status when 'running' then 0 else 1 end, coalesce(started_at, scheduled_at), created_at, id`);
    return rows.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      status: r.status === 'running' ? 'running' : 'scheduled',
      statusDetail: str(r.status_detail),
      message: String(r.message),
      settings: String(r.settings),
      scheduledAt: num(r.scheduled_at),
    }));
  }

  /** When this campaign last sent, so a resumed or recovered campaign still keeps its delay. */
  async lastSentAt(campaignId: string): Promise<number | null> {
    const [row] = await this.db.all<{ at: unknown }>(sql`select max(sent_at) as at from campaign_recipients where campaign_id = ${campaignId}`);
    return num(row?.at);
  }

  /** Everything one step needs, in one round trip. */
  async step(campaignId: string, withStats: boolean): Promise<StepState> {
    const [campaignRows, inflightRows, nextRows, statRows] = (await this.db.batch(
      asBatch([
        this.db.all(sql`select status, status_detail from campaigns where id = ${campaignId}`),
        this.db.all(sql`select ${RECIPIENT_COLUMNS}, cr.wa_message_id, m.status as message_status, m.error as message_error, m.next_attempt_at
          from campaign_recipients cr left join messages m on m.session_id = ${this.sessionId} and m.wa_message_id = cr.wa_message_id and m.direction = 'out'
          where cr.campaign_id = ${campaignId} and cr.status = 'sending' order by cr.position limit 1`),
        this.db.all(
          sql`select ${RECIPIENT_COLUMNS} from campaign_recipients cr where cr.campaign_id = ${campaignId} and cr.status = 'pending'
            order by cr.position limit 1`,
        ),
        withStats ? this.statsQuery(campaignId) : this.db.all(sql`select 1 where 0`),
      ]),
    )) as unknown as Record<string, unknown>[][];
    const c = campaignRows?.[0];
    const f = inflightRows?.[0];
    const n = nextRows?.[0];
    return {
      campaign: c ? { status: String(c.status), statusDetail: str(c.status_detail) } : undefined,
      inflight: f
        ? {
            ...recipientRow(f),
            waMessageId: str(f.wa_message_id),
            messageStatus: str(f.message_status),
            messageError: str(f.message_error),
            nextAttemptAt: num(f.next_attempt_at),
          }
        : undefined,
      next: n ? recipientRow(n) : undefined,
      stats: withStats ? toStats(statRows ?? []) : undefined,
    };
  }

  async recipientStatus(recipientId: number): Promise<string | null> {
    const [row] = await this.db.all<{ status: unknown }>(sql`select status from campaign_recipients where id = ${recipientId}`);
    return str(row?.status);
  }

  async stats(campaignId: string): Promise<Statistics> {
    return toStats((await this.statsQuery(campaignId)) as Record<string, unknown>[]);
  }

  /** Marks the recipient `sending` with its WhatsApp id and queues its message, in one batch: after
   * a crash both exist or neither does, so the recipient is never sent under a second id. */
  async claim(c: {
    campaignId: string;
    recipientId: number;
    waMessageId: string;
    payload: OutgoingMessage;
    maxAttempts: number;
    now: number;
    progress?: Record<string, unknown>;
    settledIds: number[];
  }) {
    const { campaignId, recipientId, waMessageId, payload, now } = c;
    const statements: unknown[] = [
      this.db.run(sql`update campaign_recipients set status = 'sending', wa_message_id = ${waMessageId}, attempts = 0, last_error = null
        where id = ${recipientId} and status = 'pending' and exists (select 1 from campaigns where id = ${campaignId} and status = 'running')`),
    ];
    // Right after the claim: it reports progress only when the claim happened (changes() > 0).
    if (c.progress) statements.push(...eventInserts(this.db, this.sessionId, 'campaign.progress', c.progress, now, { onlyIfChanged: true }));
    statements.push(this.insertMessage(recipientId, waMessageId, payload, c.maxAttempts, now, false));
    if (c.settledIds.length > 0) statements.push(this.syncAttempts(sql`id in (select value from json_each(${JSON.stringify(c.settledIds)}))`));
    const results = (await this.db.batch(asBatch(statements))) as unknown as { rowsAffected: number }[];
    return results[0]!.rowsAffected > 0;
  }

  /** A recipient left `sending` without its message row (not possible through `claim`, but cheap to
   * repair): the message is queued again under the id the recipient already has. */
  async requeue(recipientId: number, waMessageId: string, payload: OutgoingMessage, maxAttempts: number, now: number): Promise<void> {
    await this.db.run(this.insertMessage(recipientId, waMessageId, payload, maxAttempts, now, true) as never);
  }

  /** Settles a recipient from its message's outcome (recovery of a batch written by an older host). */
  async settleFromMessage(recipientId: number, status: 'sent' | 'failed', error: string | null, now: number): Promise<void> {
    await this.db.run(sql`update campaign_recipients set status = ${status}, last_error = ${status === 'failed' ? error : null},
      sent_at = case when ${status} = 'sent' then coalesce(sent_at, ${now}) else sent_at end where id = ${recipientId} and status = 'sending'`);
  }

  /** A recipient whose message cannot be built fails without a send. */
  async failUnsendable(campaignId: string, recipientId: number, reason: string): Promise<void> {
    await this.db.run(sql`update campaign_recipients set status = 'failed', last_error = ${reason}
      where id = ${recipientId} and status = 'pending' and exists (select 1 from campaigns where id = ${campaignId} and status = 'running')`);
  }

  /** Sets (or clears, when `expected` is the current detail) why a running campaign waits. */
  /** With `progress`, a `campaign.progress` event in the same batch, only if the detail changed. */
  async setDetail(campaignId: string, detail: string | null, now: number, expected?: string, progress?: Record<string, unknown>): Promise<void> {
    const update = this.db.run(sql`update campaigns set status_detail = ${detail}, updated_at = ${now}
      where id = ${campaignId} and status = 'running' ${expected === undefined ? sql`` : sql`and status_detail = ${expected}`}`);
    if (!progress) await update;
    else await this.db.batch(asBatch([update, ...eventInserts(this.db, this.sessionId, 'campaign.progress', progress, now, { onlyIfChanged: true })]));
  }

  /** running → completed or failed once no recipient is pending or sending, with its
   * `campaign.completed` event in the same batch. False when the campaign was not running. */
  async finish(campaignId: string, status: 'completed' | 'failed', detail: string, event: Record<string, unknown>, now: number): Promise<boolean> {
    const results = (await this.db.batch(
      asBatch([
        this.syncAttempts(sql`campaign_id = ${campaignId} and attempts = 0 and wa_message_id is not null`),
        this.db.run(sql`update campaigns set status = ${status}, status_detail = ${detail}, completed_at = ${now}, updated_at = ${now}
          where id = ${campaignId} and status = 'running' and not exists (select 1 from campaign_recipients where campaign_id = ${campaignId}
            and status in ('pending', 'sending'))`),
        ...eventInserts(this.db, this.sessionId, 'campaign.completed', event, now, { onlyIfChanged: true }),
      ]),
    )) as unknown as { rowsAffected: number }[];
    return results[1]!.rowsAffected > 0;
  }

  async firstFailure(campaignId: string): Promise<string | null> {
    const [row] = await this.db.all<{ e: unknown }>(
      sql`select last_error as e from campaign_recipients where campaign_id = ${campaignId} and status = 'failed' and last_error is not null
        order by position limit 1`,
    );
    return str(row?.e);
  }

  private insertMessage(recipientId: number, waMessageId: string, payload: OutgoingMessage, maxAttempts: number, now: number, ignoreExisting: boolean) {
    return this.db.run(sql`insert into messages (session_id, wa_message_id, direction, remote_jid, type, payload, status, attempts,
        campaign_recipient_id, max_attempts, created_at, updated_at)
      select ${this.sessionId}, ${waMessageId}, 'out', ${toJid(payload.to, payload.recipient_type)}, ${payload.type}, ${JSON.stringify(payload)},
        'queued', 0, ${recipientId}, ${maxAttempts}, ${now}, ${now}
      where exists (select 1 from campaign_recipients where id = ${recipientId} and status = 'sending' and wa_message_id = ${waMessageId})
      ${ignoreExisting ? sql`on conflict do nothing` : sql``}`);
  }

  /** The attempts the send queue made, copied onto settled recipients (the details endpoint shows them). */
  private syncAttempts(where: ReturnType<typeof sql>) {
    return this.db.run(sql`update campaign_recipients set attempts = coalesce((select m.attempts from messages m
        where m.session_id = ${this.sessionId} and m.wa_message_id = campaign_recipients.wa_message_id and m.direction = 'out'), attempts)
      where status in ('sent', 'failed') and ${where}`);
  }

  private statsQuery(campaignId: string) {
    return this.db.all(sql`select status, count(*) as n from campaign_recipients where campaign_id = ${campaignId} group by status`);
  }
}

/** Pending includes the recipient being sent, as the API counts it. */
function toStats(rows: Record<string, unknown>[]): Statistics {
  const stats: Statistics = { total: 0, sent: 0, failed: 0, pending: 0 };
  for (const row of rows) {
    const n = Number(row.n);
    stats.total += n;
    if (row.status === 'sent') stats.sent += n;
    else if (row.status === 'failed') stats.failed += n;
    else stats.pending += n;
  }
  return stats;
}
