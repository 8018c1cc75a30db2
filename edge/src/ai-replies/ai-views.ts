// What GET/PUT answer about a session's AI replies and one chat's takeover, read in one batch each.
import { and, eq } from 'drizzle-orm';
import type { AiChatView, AiReplyConfigView } from '../../../shared/src/api/ai-replies.js';
import { aiRepliesSince, lastOperatorMessageSince, takeoverWindowStart, utcDayStart } from '../../../shared/src/ai-replies/takeover.js';
import { aiReplyChats, aiReplyConfigs } from '../../../shared/src/db/schema.js';
import type { Db } from '../db/client.js';

const iso = (ms: number) => new Date(ms).toISOString();

export async function aiConfigView(db: Db, sessionId: string, now: number): Promise<AiReplyConfigView> {
  const [rows, counted] = await db.batch([
    db.select().from(aiReplyConfigs).where(eq(aiReplyConfigs.sessionId, sessionId)),
    db.all<{ n: number }>(aiRepliesSince(sessionId, utcDayStart(now))),
  ]);
  const row = rows[0];
  const repliesToday = Number(counted[0]?.n ?? 0);
  if (!row)
    return {
      status: 'success',
      sessionId,
      configured: false,
      enabled: false,
      baseUrl: null,
      model: null,
      hasKey: false,
      systemPrompt: '',
      contextMessages: 0,
      dailyCap: 0,
      repliesToday,
      lastError: null,
    };
  return {
    status: 'success',
    sessionId,
    configured: true,
    enabled: row.enabled,
    baseUrl: row.baseUrl,
    model: row.model,
    hasKey: row.keySealed !== null,
    systemPrompt: row.systemPrompt,
    contextMessages: row.contextMessages,
    dailyCap: row.dailyCap,
    repliesToday,
    lastError: row.lastError && row.lastErrorAt ? { message: row.lastError, at: iso(row.lastErrorAt) } : null,
  };
}

/** A chat's takeover: switched off, or an operator's message since the AI was switched on or the
 * chat handed back (the host records that one when it next would answer; it shows here at once). */
export async function aiChatView(db: Db, sessionId: string, chatJid: string): Promise<AiChatView> {
  const [configs, chats] = await db.batch([
    db.select({ enabledAt: aiReplyConfigs.enabledAt }).from(aiReplyConfigs).where(eq(aiReplyConfigs.sessionId, sessionId)),
    db
      .select()
      .from(aiReplyChats)
      .where(and(eq(aiReplyChats.sessionId, sessionId), eq(aiReplyChats.chatJid, chatJid))),
  ]);
  const chat = chats[0];
  const base = { status: 'success' as const, sessionId, chatId: chatJid };
  if (chat?.takenOverAt)
    return { ...base, aiActive: false, takenOver: { at: iso(chat.takenOverAt), by: chat.takenOverBy === 'message' ? 'message' : 'switch' } };
  const since = takeoverWindowStart(configs[0]?.enabledAt ?? null, chat?.handedBackAt);
  const [written] = await db.all<{ at: number | null }>(lastOperatorMessageSince(sessionId, chatJid, since));
  if (written?.at) return { ...base, aiActive: false, takenOver: { at: iso(Number(written.at)), by: 'message' } };
  return { ...base, aiActive: true, takenOver: null };
}
