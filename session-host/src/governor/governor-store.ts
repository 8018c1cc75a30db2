// The governor's rows: a session's overrides and pause (send_governors), when its number was
// linked (sessions.linked_at), and today's counts, read back from the messages every send dates.
import { sql } from 'drizzle-orm';
import { GovernorOverrides } from '../../../shared/src/api/governor.js';
import { eventInserts } from '../../../shared/src/events.js';
import type { HostDb } from '../db/client.js';
import type { GovernorCounts } from './limits.js';

import { WAITING_PREFIX } from './send-deferred.js';

export interface StoredGovernor {
  overrides: GovernorOverrides;
  paused: { reason: string; at: number } | null;
  linkedAt: number | null;
}

/** Overrides as stored; a row that no longer reads counts as none rather than stopping the session. */
export function readOverrides(text: string | null): GovernorOverrides {
  try {
    const parsed = GovernorOverrides.safeParse(JSON.parse(text ?? '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** A recipient is known once the account sent it a message or got one from it. */
const KNOWN_BEFORE = (alias: string, beforeId: ReturnType<typeof sql> | null) =>
  sql`exists (select 1 from messages p where p.session_id = ${sql.raw(alias)}.session_id and p.remote_jid = ${sql.raw(alias)}.remote_jid
    and (p.direction = 'in' or p.sent_at is not null)${beforeId ? sql` and p.id < ${beforeId}` : sql``})`;

export class GovernorStore {
  constructor(
    private readonly db: HostDb,
    private readonly sessionId: string,
  ) {}

  async load(): Promise<StoredGovernor> {
    const [row] = await this.db.all<{ settings: string | null; paused_reason: string | null; paused_at: number | null; linked_at: number | null }>(
      sql`select g.settings, g.paused_reason, g.paused_at, s.linked_at from sessions s left join send_governors g on g.session_id = s.id
        where s.id = ${this.sessionId}`,
    );
    return {
      overrides: readOverrides(row?.settings ?? null),
      paused: row?.paused_reason ? { reason: row.paused_reason, at: Number(row.paused_at ?? 0) } : null,
      linkedAt: row?.linked_at == null ? null : Number(row.linked_at),
    };
  }

  /** What the session sent since `dayStart` (and `hourStart`), and how many of those were the
   * first message to their recipient. */
  async counts(dayStart: number, hourStart: number): Promise<GovernorCounts> {
    const [row] = await this.db.all<{ day: number; hour: number | null; first: number | null }>(
      sql`select count(*) as day, sum(case when m.sent_at >= ${hourStart} then 1 else 0 end) as hour,
          sum(case when not ${KNOWN_BEFORE('m', sql.raw('m.id'))} then 1 else 0 end) as first
        from messages m where m.session_id = ${this.sessionId} and m.direction = 'out' and m.sent_at >= ${dayStart}`,
    );
    return { day: Number(row?.day ?? 0), hour: Number(row?.hour ?? 0), firstContacts: Number(row?.first ?? 0) };
  }

  async isKnown(remoteJid: string): Promise<boolean> {
    const rows = await this.db.all(
      sql`select 1 from messages p where p.session_id = ${this.sessionId} and p.remote_jid = ${remoteJid}
        and (p.direction = 'in' or p.sent_at is not null) limit 1`,
    );
    return rows.length > 0;
  }

  /** Sets or clears the pause, with a `session.update` event saying so in the same batch. */
  async setPaused(reason: string | null, now: number): Promise<void> {
    const [session] = await this.db.all<{ status: string; detail: string | null }>(sql`select status, detail from sessions where id = ${this.sessionId}`);
    await this.db.batch([
      this.db.run(sql`insert into send_governors (session_id, paused_reason, paused_at, updated_at) values (${this.sessionId}, ${reason}, ${reason ? now : null}, ${now})
        on conflict (session_id) do update set paused_reason = excluded.paused_reason, paused_at = excluded.paused_at, updated_at = excluded.updated_at`),
      ...eventInserts(
        this.db,
        this.sessionId,
        'session.update',
        { status: session?.status ?? 'CONNECTED', detail: session?.detail ?? null, governor: { paused: reason !== null, reason } },
        now,
      ),
    ]);
  }

  /** Messages held back by the governor may go at the next claim (after a resume or a change of settings). */
  async releaseWaiting(): Promise<void> {
    await this.db.run(sql`update messages set next_attempt_at = null where session_id = ${this.sessionId} and direction = 'out'
      and status = 'queued' and error like ${`${WAITING_PREFIX}%`}`);
  }
}
