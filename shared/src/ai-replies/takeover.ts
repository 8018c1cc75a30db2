// When a human has taken a chat over from the AI, in SQL both the edge (GET …/chats/{chatId}/ai)
// and the session host (before each reply) ask. An operator's message is noticed here, when the AI
// is about to answer, instead of on POST /messages: sending stays free of AI bookkeeping.
import { type SQL, sql } from 'drizzle-orm';

/** SQL condition on `messages`: an outgoing message a human wrote (through the API or on the
 * account's phone; not the AI, a rule or a campaign) to the chat after `since`. */
const operatorMessage = (sessionId: string, chatJid: string, since: number | SQL) =>
  sql`session_id = ${sessionId} and remote_jid = ${chatJid} and direction = 'out' and (origin is null or origin = 'phone') and campaign_recipient_id is null
    and created_at > ${since}`;

/** SQL: whether an operator wrote to the chat after `since`. */
export const operatorWroteSince = (sessionId: string, chatJid: string, since: number | SQL) =>
  sql`exists (select 1 from messages where ${operatorMessage(sessionId, chatJid, since)})`;

/** SQL: one row `at`, when an operator last wrote to the chat after `since` (null: not since). */
export const lastOperatorMessageSince = (sessionId: string, chatJid: string, since: number | SQL) =>
  sql`select max(created_at) as at from messages where ${operatorMessage(sessionId, chatJid, since)}`;

/** SQL: from when an operator's message takes the chat over, read in the same statement as the
 * hand-back it depends on: the AI's switch-on, or the chat's hand-back if later. */
export const takeoverWindowStartSql = (sessionId: string, chatJid: string, enabledAt: number | null) =>
  sql`max(${enabledAt ?? 0}, coalesce((select handed_back_at from ai_reply_chats where session_id = ${sessionId} and chat_jid = ${chatJid}), 0))`;

/** From when an operator's message takes the chat over: the AI's switch-on, or the chat's hand-back. */
export const takeoverWindowStart = (enabledAt: number | null, handedBackAt: number | null | undefined): number => Math.max(enabledAt ?? 0, handedBackAt ?? 0);

const DAY_MS = 86_400_000;

/** Midnight UTC of the day `now` is in: the daily cap's day. */
export const utcDayStart = (now: number): number => now - (now % DAY_MS);

/** SQL: AI replies of the session queued since `dayStart`. */
export const aiRepliesSince = (sessionId: string, dayStart: number) =>
  sql`select count(*) as n from messages where session_id = ${sessionId} and direction = 'out' and origin = 'ai' and created_at >= ${dayStart}`;
