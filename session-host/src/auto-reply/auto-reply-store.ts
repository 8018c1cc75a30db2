// The auto-replier's rows: a session's enabled rules, its recent auto-replies (their per-contact
// cooldowns outlive a restart because the reply rows carry origin 'auto_reply'), whether a contact
// ever exchanged a message with the session, and the reply itself, queued like an API send.
import { and, asc, eq, sql } from 'drizzle-orm';
import { newWaMessageId, toJid, type OutgoingMessage } from '../../../shared/src/api/messages.js';
import { autoReplyRules, messages } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import type { StoredRule } from './rule-matcher.js';

export const AUTO_REPLY_ORIGIN = 'auto_reply';

export class AutoReplyStore {
  constructor(private readonly db: HostDb) {}

  /** Enabled rules in the order they are tried. */
  rules(sessionId: string): Promise<StoredRule[]> {
    return this.db
      .select({
        id: autoReplyRules.id,
        matchKind: autoReplyRules.matchKind,
        pattern: autoReplyRules.pattern,
        caseSensitive: autoReplyRules.caseSensitive,
        reply: autoReplyRules.reply,
        inGroups: autoReplyRules.inGroups,
        timeWindow: autoReplyRules.timeWindow,
        timeZone: autoReplyRules.timeZone,
        cooldownSeconds: autoReplyRules.cooldownSeconds,
      })
      .from(autoReplyRules)
      .where(and(eq(autoReplyRules.sessionId, sessionId), eq(autoReplyRules.enabled, true)))
      .orderBy(asc(autoReplyRules.priority), asc(autoReplyRules.id));
  }

  /** When each chat last got an auto-reply, for those since `since` (messages_auto_replies index). */
  async lastReplies(sessionId: string, since: number): Promise<Map<string, number>> {
    const rows = await this.db.all<{ remote_jid: string; at: number }>(
      sql`select remote_jid, max(created_at) as at from messages where session_id = ${sessionId} and origin = ${AUTO_REPLY_ORIGIN}
        and created_at >= ${since} group by remote_jid`,
    );
    return new Map(rows.map((r) => [String(r.remote_jid), Number(r.at)]));
  }

  /** Whether the session exchanged any message with one of these JIDs before the incoming message `exceptId`. */
  async knownBefore(sessionId: string, jids: string[], exceptId: string): Promise<boolean> {
    const rows = await this.db.all(
      sql`select 1 from messages where session_id = ${sessionId} and remote_jid in (${sql.join(
        jids.map((jid) => sql`${jid}`),
        sql`, `,
      )}) and not (direction = 'in' and wa_message_id = ${exceptId}) limit 1`,
    );
    return rows.length > 0;
  }

  /** A `queued` message row, as POST /messages writes one, marked as an auto-reply. */
  async enqueue(sessionId: string, payload: OutgoingMessage, now: number): Promise<string> {
    const waMessageId = newWaMessageId();
    await this.db.insert(messages).values({
      sessionId,
      waMessageId,
      direction: 'out',
      remoteJid: toJid(payload.to, payload.recipient_type),
      type: payload.type,
      payload: JSON.stringify(payload),
      status: 'queued',
      origin: AUTO_REPLY_ORIGIN,
      createdAt: now,
      updatedAt: now,
    });
    return waMessageId;
  }
}
