// The per-session message counters (`message_counts`) behind GET /analytics and the dashboard's
// overview. Each statement here rides in the batch that changes the message (the status batches
// of the send queue and of receipts, the incoming message's insert): no round trip of its own.
import { sql, type SQL } from 'drizzle-orm';
import type { HostDb } from '../db/client.js';
import type { SqlStatement } from '../db/statements.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The message's current status as a rank (message-status.ts' STATUS_RANK), in SQL. */
export const STATUS_RANK_SQL = sql`(case status when 'queued' then 0 when 'sending' then 1 when 'sent' then 2 when 'delivered' then 3 when 'read' then 4 else 5 end)`;

/** The minute and the hour `now` falls in, as a two-row table (granularity, bucket_start). */
const buckets = (now: number) => sql`(values ('minute', ${now - (now % MINUTE_MS)}), ('hour', ${now - (now % HOUR_MS)}))`;

const UPSERT_HEAD = 'insert into message_counts (session_id, granularity, bucket_start, sent, delivered, read, failed, received) ';
const UPSERT_TAIL = `
  on conflict (session_id, granularity, bucket_start) do update set sent = sent + excluded.sent, delivered = delivered + excluded.delivered,
    read = read + excluded.read, failed = failed + excluded.failed, received = received + excluded.received`;
const upsert = (rows: SQL) => sql`${sql.raw(UPSERT_HEAD)}${rows}${sql.raw(UPSERT_TAIL)}`;

/** receivedCountStatement's text: the session, then the minute's and the hour's start. */
const RECEIVED_COUNT = `${UPSERT_HEAD}select ?, column1, column2, 0, 0, 0, 0, 1 from (values ('minute', ?), ('hour', ?)) where changes() > 0${UPSERT_TAIL}`;

/** Counts an outgoing message reaching `rank` (2 sent, 3 delivered, 4 read, 5 failed), read from
 * its row before the batch's update moves it, so each status counts once: `sent` only the first
 * time (a requeued send keeps its sent_at), `delivered` also when a read receipt came first. */
export function statusCountStatement(db: HostDb, sessionId: string, waMessageId: string, rank: number, now: number, guard: SQL = sql`1`) {
  const reached = rank >= 2 && rank < 5;
  const sent = reached ? sql`(sent_at is null)` : sql`0`;
  const delivered = rank === 3 || rank === 4 ? sql`(${STATUS_RANK_SQL} < 3)` : sql`0`;
  return db.run(
    upsert(sql`select ${sessionId}, g.column1, g.column2, m.sent, m.delivered, ${rank === 4 ? 1 : 0}, ${rank === 5 ? 1 : 0}, 0
      from (select ${sent} as sent, ${delivered} as delivered from messages
        where session_id = ${sessionId} and wa_message_id = ${waMessageId} and direction = 'out' and ${STATUS_RANK_SQL} < ${rank} and ${guard}) as m
      cross join ${buckets(now)} as g where true`),
  );
}

/** Counts a message a contact sent, when the statement just before it in the batch stored it
 * (`changes()`: an insert that met the message already stored counts nothing). */
export function receivedCountStatement(sessionId: string, now: number): SqlStatement {
  return { sql: RECEIVED_COUNT, args: [sessionId, now - (now % MINUTE_MS), now - (now % HOUR_MS)] };
}
