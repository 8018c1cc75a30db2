// Webhook events: the envelope receivers get, and the one way to record an event.
import { type SQL, sql } from 'drizzle-orm';
import type { AnyLibsqlDb } from './db/any-db.js';

/** Every event the gateway reports; a webhook's `events` filter names some of these, or `*`. */
export const WEBHOOK_EVENT_NAMES = [
  'session.update',
  'message.received',
  'message.reaction',
  'message.edited',
  'message.revoked',
  'message.poll_vote',
  'message.status',
  'campaign.progress',
  'campaign.completed',
  'group.participants',
  'group.update',
  'ai.error',
] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

/** What a receiver gets: the original's `{ event, sessionId, data, timestamp }` plus an `id` per
 * delivery so duplicates (at-least-once delivery) can be dropped, and `seq`, the event's number in
 * its session (1, 2, 3 … without gaps, the same for every webhook and the live stream). */
export interface WebhookEnvelope<T = Record<string, unknown>> {
  id: string;
  event: WebhookEventName;
  sessionId: string;
  data: T;
  timestamp: string;
  seq: number;
}

/** SQL: the webhook row `webhook` (an alias of session_webhooks) takes events named `event`. */
export const webhookTakes = (webhook: SQL, event: SQL | string) =>
  sql`exists (select 1 from json_each(${webhook}.events) as f where f.value in ('*', ${event}))`;

/** SQL: where a delivery of a removed webhook may go instead: the session's primary webhook, if it
 * takes the event and has no delivery of that event (`seq`) of its own. */
export const adoptingPrimary = (sessionId: SQL | string, event: SQL | string, seq: SQL | number | null) =>
  sql`(select w.id from session_webhooks as w where w.id = (select min(id) from session_webhooks where session_id = ${sessionId})
    and ${webhookTakes(sql`w`, event)}
    and not exists (select 1 from webhook_outbox as own where own.webhook_id = w.id and own.seq = ${seq}))`;

/** The event row, numbered one past the session's last (with `onlyIfChanged`: only when the
 * statement before it changed a row), and one outbox row per webhook whose filter takes it, each
 * with its own delivery id (`<event uuid>-<webhook id>`, in the body and X-Webhook-Id). Fixed
 * texts with `?` for the values, the same for every event. */
const EVENT_ROW = (onlyIfChanged: boolean) => `insert into session_events (session_id, seq, event_id, event, body, created_at)
      select ?, next.seq, ?, ?, json_set(?, '$.seq', next.seq), ?
      from (select coalesce(max(seq), 0) + 1 as seq from session_events where session_id = ?) as next
      where 1${onlyIfChanged ? ' and changes() > 0' : ''}`;
const EVENT_SQL = {
  always: EVENT_ROW(false),
  ifChanged: EVENT_ROW(true),
  outbox: `insert into webhook_outbox (session_id, webhook_id, seq, event_id, event, body, status, attempts, next_attempt_at, created_at)
      select e.session_id, w.id, e.seq, e.event_id || '-' || w.id, e.event, json_set(e.body, '$.id', e.event_id || '-' || w.id), 'pending', 0,
        e.created_at, e.created_at
      from session_events e join session_webhooks w on w.session_id = e.session_id
      where e.event_id = ? and exists (select 1 from json_each(w.events) as f where f.value in ('*', e.event))
      order by w.id`,
};

/** `eventInserts` as plain `{ sql, args }` statements (@libsql/client's shape), for callers that
 * batch through the client itself: no SQL is built per event. */
export function eventStatements(
  sessionId: string,
  event: WebhookEventName,
  data: Record<string, unknown>,
  now = Date.now(),
  options: { onlyIfChanged?: boolean; dataJson?: string } = {},
): [{ sql: string; args: (string | number)[] }, { sql: string; args: string[] }] {
  const id = crypto.randomUUID();
  const timestamp = new Date(now).toISOString();
  // With `dataJson` (the caller's JSON.stringify(data), e.g. the stored payload) the envelope is
  // the same text without serialising `data` a second time.
  const body = options.dataJson
    ? `{"id":${JSON.stringify(id)},"event":${JSON.stringify(event)},"sessionId":${JSON.stringify(sessionId)},"data":${options.dataJson},"timestamp":"${timestamp}"}`
    : JSON.stringify({ id, event, sessionId, data, timestamp } satisfies Omit<WebhookEnvelope, 'seq'>);
  return [
    { sql: options.onlyIfChanged ? EVENT_SQL.ifChanged : EVENT_SQL.always, args: [sessionId, id, event, body, now, sessionId] },
    { sql: EVENT_SQL.outbox, args: [id] },
  ];
}

/** A drizzle query of a fixed text with `?` placeholders and its values. */
const drizzleRun = (db: AnyLibsqlDb, text: string, args: unknown[]) => {
  const parts = text.split('?');
  return db.run(sql(Object.assign(parts, { raw: parts }) as unknown as TemplateStringsArray, ...args));
};

/** The statements that record an event, to run in the same batch as the state change it reports:
 * the event itself in `session_events`, numbered one past the session's last, then one outbox row
 * per webhook whose filter takes it. With `onlyIfChanged` nothing is recorded unless the statement
 * just before these in the batch changed a row (SQLite's `changes()`), so a conditional update and
 * its event stay one atomic step; the outbox rows follow the event row, whichever way that went. */
export function eventInserts(
  db: AnyLibsqlDb,
  sessionId: string,
  event: WebhookEventName,
  data: Record<string, unknown>,
  now = Date.now(),
  options: { onlyIfChanged?: boolean } = {},
) {
  const [row, outbox] = eventStatements(sessionId, event, data, now, options);
  return [drizzleRun(db, row.sql, row.args), drizzleRun(db, outbox.sql, outbox.args)] as const;
}

/** Records an event on its own (when no other write goes with it). */
export async function recordEvent(db: AnyLibsqlDb, sessionId: string, event: WebhookEventName, data: Record<string, unknown>, now = Date.now()): Promise<void> {
  await db.batch(eventInserts(db, sessionId, event, data, now));
}
