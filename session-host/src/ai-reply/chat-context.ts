// What the AI is told about a chat, and whether a human has it: one batch, read only for sessions
// whose AI replies are on, right before asking the endpoint.
import { and, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { lastOperatorMessageSince, takeoverWindowStartSql } from '../../../shared/src/ai-replies/takeover.js';
import { aiReplyChats, messages } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import type { ChatMessage } from './chat-completions.js';

/** Incoming message types that carry a text the AI can answer. */
export const INCOMING_TEXT_TYPES = ['conversation', 'extendedTextMessage'];

export type ChatState =
  | { kind: 'taken-over' }
  /** An operator wrote in the chat at `at` (since the AI was switched on or the chat handed back). */
  | { kind: 'operator-wrote'; at: number }
  /** `handedBackAt`: when a human last gave the chat back (0: never). */
  | { kind: 'open'; context: ChatMessage[]; handedBackAt: number };

export async function readChatState(db: HostDb, sessionId: string, chatJid: string, enabledAt: number | null, contextMessages: number): Promise<ChatState> {
  const [chats, operator, rows] = await db.batch([
    db
      .select({ takenOverAt: aiReplyChats.takenOverAt, handedBackAt: aiReplyChats.handedBackAt })
      .from(aiReplyChats)
      .where(and(eq(aiReplyChats.sessionId, sessionId), eq(aiReplyChats.chatJid, chatJid))),
    db.all<{ at: number | null }>(lastOperatorMessageSince(sessionId, chatJid, takeoverWindowStartSql(sessionId, chatJid, enabledAt))),
    db
      .select({ direction: messages.direction, payload: messages.payload })
      .from(messages)
      .where(
        and(
          eq(messages.sessionId, sessionId),
          eq(messages.remoteJid, chatJid),
          or(
            and(eq(messages.direction, 'in'), inArray(messages.type, INCOMING_TEXT_TYPES)),
            and(eq(messages.direction, 'out'), eq(messages.type, 'text'), ne(messages.status, 'failed')),
          ),
        ),
      )
      .orderBy(desc(messages.id))
      .limit(contextMessages),
  ]);
  if (chats[0]?.takenOverAt) return { kind: 'taken-over' };
  const at = operator[0]?.at;
  if (at) return { kind: 'operator-wrote', at: Number(at) };
  const context = rows.reverse().flatMap((row): ChatMessage[] => {
    const content = textOf(row.direction, row.payload);
    return content ? [{ role: row.direction === 'in' ? 'user' : 'assistant', content }] : [];
  });
  return { kind: 'open', context, handedBackAt: chats[0]?.handedBackAt ?? 0 };
}

/** The text of a stored message: `text` of an incoming one, `text.body` of an outgoing one; nothing
 * when the retention job has already emptied the payload. */
function textOf(direction: 'in' | 'out', payload: string): string | undefined {
  try {
    const json = JSON.parse(payload) as { text?: unknown };
    const text = direction === 'in' ? json.text : (json.text as { body?: unknown } | undefined)?.body;
    return typeof text === 'string' && text ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Records that a human has the chat (an operator's message at `at`), unless one already did. */
export function recordTakeover(db: HostDb, sessionId: string, chatJid: string, at: number, now: number) {
  return db.run(sql`insert into ai_reply_chats (session_id, chat_jid, taken_over_at, taken_over_by, updated_at)
    values (${sessionId}, ${chatJid}, ${at}, 'message', ${now})
    on conflict (session_id, chat_jid) do update set taken_over_at = excluded.taken_over_at, taken_over_by = 'message', updated_at = excluded.updated_at
    where ai_reply_chats.taken_over_at is null`);
}
