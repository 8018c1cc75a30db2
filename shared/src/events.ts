// Webhook events: the envelope receivers get, and the one way to put an event in the outbox.
import { sql } from 'drizzle-orm';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './db/schema.js';

export type WebhookEventName =
  | 'session.update'
  | 'message.received'
  | 'message.reaction'
  | 'message.edited'
  | 'message.revoked'
  | 'message.poll_vote'
  | 'message.status'
  | 'campaign.progress'
  | 'campaign.completed'
  | 'group.participants'
  | 'group.update';

/** What a receiver gets: the original's `{ event, sessionId, data, timestamp }` plus an `id` per
 * event so duplicates (at-least-once delivery) can be dropped. */
export interface WebhookEnvelope<T = Record<string, unknown>> {
  id: string;
  event: WebhookEventName;
  sessionId: string;
  data: T;
  timestamp: string;
}

export type AnyLibsqlDb = LibSQLDatabase<typeof schema>;

/** An outbox insert to run in the same batch as the state change it reports. It inserts nothing
 * when the session has no webhook, so events are not piled up for nobody. With `onlyIfChanged` it
 * inserts only when the statement just before it in the batch changed a row (SQLite's `changes()`),
 * so a conditional update and its event stay one atomic step. */
export function outboxInsert(
  db: AnyLibsqlDb,
  sessionId: string,
  event: WebhookEventName,
  data: Record<string, unknown>,
  now = Date.now(),
  options: { onlyIfChanged?: boolean } = {},
) {
  const id = crypto.randomUUID();
  const envelope: WebhookEnvelope = { id, event, sessionId, data, timestamp: new Date(now).toISOString() };
  return db.run(sql`insert into webhook_outbox (session_id, event_id, event, body, status, attempts, next_attempt_at, created_at)
    select ${sessionId}, ${id}, ${event}, ${JSON.stringify(envelope)}, 'pending', 0, ${now}, ${now}
    where exists (select 1 from webhooks where session_id = ${sessionId})${options.onlyIfChanged ? sql` and changes() > 0` : sql``}`);
}
