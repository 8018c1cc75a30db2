import { proto, type BaileysEventMap } from '@whiskeysockets/baileys';
import { type SQL, sql } from 'drizzle-orm';
import { eventInserts } from '../../../shared/src/events.js';
import type { HostDb } from '../db/client.js';
import type { PersonFields } from '../identity/identity-fields.js';
import { STATUS_RANK_SQL, statusCountStatement } from './message-counts.js';

const Status = proto.WebMessageInfo.Status;

/** Outgoing message states in the order they can only move forward. */
export const STATUS_RANK: Record<string, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4, failed: 5 };

export function statusWord(status: number | null | undefined): 'sent' | 'delivered' | 'read' | 'failed' | null {
  switch (status) {
    case Status.SERVER_ACK:
      return 'sent';
    case Status.DELIVERY_ACK:
      return 'delivered';
    case Status.READ:
    case Status.PLAYED:
      return 'read';
    case Status.ERROR:
      return 'failed';
    default:
      return null;
  }
}

/** Moves an outgoing message forward (never back) and reports it as `message.status`, atomically.
 * A send governor's "Waiting: …" note goes once the message moves on.
 * A campaign's message also settles its recipient (sent or failed) in the same batch, and the
 * status is counted (message-counts.ts) before the update, which it reads. */
export function advanceStatusStatements(
  db: HostDb,
  sessionId: string,
  waMessageId: string,
  to: string,
  status: 'sent' | 'delivered' | 'read' | 'failed',
  now: number,
  error?: string,
  /** the recipient's `phone` and `lid` (identity-fields.ts) */
  person: PersonFields = {},
  /** A condition the change needs besides moving forward (the send queue's lease fence). */
  guard: SQL = sql`1`,
) {
  const rank = STATUS_RANK[status]!;
  return [
    statusCountStatement(db, sessionId, waMessageId, rank, now, guard),
    db.run(sql`update messages set status = ${status}, updated_at = ${now}, error = coalesce(${error ?? null}, case when error like 'Waiting: %' then null else error end),
        sent_at = case when ${rank} >= 2 and ${rank} < 5 then coalesce(sent_at, ${now}) else sent_at end
      where session_id = ${sessionId} and wa_message_id = ${waMessageId} and direction = 'out'
        and ${STATUS_RANK_SQL} < ${rank} and ${guard}`),
    ...eventInserts(db, sessionId, 'message.status', { id: waMessageId, to, ...person, status, ...(error ? { error } : {}) }, now, { onlyIfChanged: true }),
    db.run(sql`update campaign_recipients set status = ${status === 'failed' ? 'failed' : 'sent'},
        sent_at = case when ${status} = 'failed' then sent_at else coalesce(sent_at, ${now}) end,
        last_error = case when ${status} = 'failed' then ${error ?? null} else null end
      where status = 'sending' and ${guard} and id = (select campaign_recipient_id from messages where session_id = ${sessionId} and wa_message_id = ${waMessageId}
        and direction = 'out')`),
  ] as const;
}

/** The statements that record receipts and acks from WhatsApp for messages this session sent. */
export function statusUpdateStatements(
  db: HostDb,
  sessionId: string,
  updates: BaileysEventMap['messages.update'],
  now = Date.now(),
  people: ReadonlyMap<string, PersonFields> = new Map(),
) {
  return updates.flatMap(({ key, update }) => {
    const status = statusWord(update.status);
    const to = key.remoteJid ?? '';
    return key.fromMe && key.id && status ? advanceStatusStatements(db, sessionId, key.id, to, status, now, undefined, people.get(to)) : [];
  });
}
