// AI replies: a contact's text in a 1:1 chat of a session whose AI is on is answered by the
// session's OpenAI-compatible endpoint, the answer queued like any message (origin 'ai'). The
// settings are held in memory, read when the session starts and when the edge says they changed,
// so a session without AI pays one Map lookup per incoming message and nothing else.
import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { aiRepliesSince, operatorWroteSince, takeoverWindowStartSql, utcDayStart } from '../../../shared/src/ai-replies/takeover.js';
import { newWaMessageId } from '../../../shared/src/api/messages.js';
import { unseal } from '../../../shared/src/crypto.js';
import { aiReplyConfigs } from '../../../shared/src/db/schema.js';
import { eventInserts } from '../../../shared/src/events.js';
import type { HostDb } from '../db/client.js';
import type { AiReplyResult, HostMetrics } from '../metrics/host-metrics.js';
import { AiEndpointError, askChatCompletion, type ChatCallOptions, type ChatEndpoint, type ChatMessage } from './chat-completions.js';
import { INCOMING_TEXT_TYPES, readChatState, recordTakeover } from './chat-context.js';

/** WhatsApp's text limit as POST /messages applies it (text.body). */
const MAX_REPLY_CHARS = 4096;

/** A contact's message as the incoming handler recorded it. */
export interface ReceivedMessage {
  /** The chat's JID as stored in `messages.remote_jid`. */
  chatJid: string;
  messageId: string;
  /** Baileys' content type (conversation, extendedTextMessage, imageMessage …). */
  type: string;
  /** Written by a group participant. */
  inGroup: boolean;
  /** When it was recorded: a message that came while a human had the chat is never answered. */
  receivedAt: number;
}

export interface AiRepliesOptions {
  /** HOST_SHARED_SECRET: the key the edge sealed the API keys under. */
  sealingSecret: string;
  call: ChatCallOptions;
  /** Wakes the session's send queue for a queued reply. */
  kick(sessionId: string): void;
  logger: Logger;
  clock?: () => number;
  metrics?: HostMetrics;
}

interface SessionAi {
  endpoint: ChatEndpoint;
  /** The stored key could not be opened (sealed under another secret). */
  keyUnreadable: boolean;
  systemPrompt: string;
  contextMessages: number;
  dailyCap: number;
  enabledAt: number | null;
  day: number;
  repliesToday: number;
  /** The cap's ai.error went out today already. */
  capReported: boolean;
}

/** One chat's turn: at most one call runs per chat, and at most one more waits. */
interface ChatTurn {
  done: Promise<void>;
  waiting: boolean;
  /** The newest message the waiting turn answers (it reads the chat afresh when it starts). */
  message: ReceivedMessage;
}

type Failure = 'endpoint' | 'daily-cap' | 'key';

export class AiReplies {
  private readonly sessions = new Map<string, SessionAi>();
  private readonly turns = new Map<string, ChatTurn>();
  private readonly clock: () => number;

  constructor(
    private readonly db: HostDb,
    private readonly options: AiRepliesOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** Reads the session's settings (at its start, and when the edge says they changed). */
  async load(sessionId: string): Promise<void> {
    const now = this.clock();
    const day = utcDayStart(now);
    const [rows, counted] = await this.db.batch([
      this.db.select().from(aiReplyConfigs).where(eq(aiReplyConfigs.sessionId, sessionId)),
      this.db.all<{ n: number }>(aiRepliesSince(sessionId, day)),
    ]);
    const row = rows[0];
    if (!row?.enabled) {
      this.sessions.delete(sessionId);
      return;
    }
    const apiKey = row.keySealed ? await unseal(this.options.sealingSecret, row.keySealed, 'ai-key') : null;
    this.sessions.set(sessionId, {
      endpoint: { baseUrl: row.baseUrl, model: row.model, apiKey },
      keyUnreadable: row.keySealed !== null && apiKey === null,
      systemPrompt: row.systemPrompt,
      contextMessages: row.contextMessages,
      dailyCap: row.dailyCap,
      enabledAt: row.enabledAt,
      day,
      repliesToday: Number(counted[0]?.n ?? 0),
      capReported: false,
    });
  }

  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /** The incoming handler's one call: returns at once; the answer is made in the background. */
  received(sessionId: string, message: ReceivedMessage): void {
    if (!this.sessions.has(sessionId)) return;
    if (message.inGroup || !INCOMING_TEXT_TYPES.includes(message.type) || !isOneToOne(message.chatJid)) return;
    const key = `${sessionId}\n${message.chatJid}`;
    const turn = this.turns.get(key);
    // A turn that has not started yet reads the chat when it does, this message included.
    if (turn?.waiting) {
      turn.message = message;
      return;
    }
    const next: ChatTurn = { done: Promise.resolve(), waiting: true, message };
    next.done = (turn?.done ?? Promise.resolve())
      .then(() => {
        next.waiting = false;
        return this.answer(sessionId, next.message);
      })
      .catch((err: unknown) => this.options.logger.error({ err, sessionId }, 'AI reply failed'))
      .finally(() => {
        if (this.turns.get(key) === next) this.turns.delete(key);
      });
    this.turns.set(key, next);
  }

  /** Resolves when every chat's turn so far has finished. */
  async settled(): Promise<void> {
    while (this.turns.size > 0) await Promise.all([...this.turns.values()].map((turn) => turn.done));
  }

  private async answer(sessionId: string, message: ReceivedMessage): Promise<void> {
    const ai = this.sessions.get(sessionId);
    if (!ai) return;
    const state = await readChatState(this.db, sessionId, message.chatJid, ai.enabledAt, ai.contextMessages);
    if (state.kind === 'taken-over' || (state.kind === 'open' && message.receivedAt <= state.handedBackAt)) return this.count('taken_over');
    if (state.kind === 'operator-wrote') {
      await recordTakeover(this.db, sessionId, message.chatJid, state.at, this.clock());
      return this.count('taken_over');
    }
    if (ai.keyUnreadable) return this.failed(sessionId, message, 'key', 'the stored API key cannot be opened (HOST_SHARED_SECRET changed?): set it again');
    const now = this.clock();
    if (utcDayStart(now) !== ai.day) Object.assign(ai, { day: utcDayStart(now), repliesToday: 0, capReported: false });
    if (ai.repliesToday >= ai.dailyCap) {
      this.count('capped');
      if (ai.capReported) return;
      ai.capReported = true;
      return this.failed(sessionId, message, 'daily-cap', `the daily cap of ${ai.dailyCap} AI replies is reached; the AI answers again after midnight UTC`);
    }
    // Counted before the call, so chats answered at once cannot pass the cap together.
    ai.repliesToday++;
    const prompt: ChatMessage[] = ai.systemPrompt ? [{ role: 'system', content: ai.systemPrompt }] : [];
    let reply: string;
    const callStarted = performance.now();
    const callTook = () => (performance.now() - callStarted) / 1000;
    try {
      reply = await askChatCompletion(ai.endpoint, [...prompt, ...state.context], this.options.call);
      this.options.metrics?.aiCallSeconds.observe({ outcome: 'ok' }, callTook());
    } catch (err) {
      this.options.metrics?.aiCallSeconds.observe({ outcome: 'error' }, callTook());
      ai.repliesToday--;
      const error = err instanceof AiEndpointError ? err.message : 'the AI endpoint call failed';
      return this.failed(sessionId, message, 'endpoint', error);
    }
    // Switched off meanwhile: the answer is dropped.
    if (!this.sessions.has(sessionId)) {
      ai.repliesToday--;
      return;
    }
    if (!(await this.enqueue(sessionId, message.chatJid, reply, ai.enabledAt))) {
      ai.repliesToday--;
      return this.count('taken_over');
    }
    this.count('replied');
    this.options.kick(sessionId);
  }

  /** Queues the reply unless a human took the chat over during the call; true when queued. */
  private async enqueue(sessionId: string, chatJid: string, reply: string, enabledAt: number | null): Promise<boolean> {
    const now = this.clock();
    const payload = JSON.stringify({ recipient_type: 'individual', to: chatJid, type: 'text', text: { body: reply.slice(0, MAX_REPLY_CHARS) } });
    const result =
      await this.db.run(sql`insert into messages (session_id, wa_message_id, direction, remote_jid, type, payload, status, origin, created_at, updated_at)
      select ${sessionId}, ${newWaMessageId()}, 'out', ${chatJid}, 'text', ${payload}, 'queued', 'ai', ${now}, ${now}
      where not ${operatorWroteSince(sessionId, chatJid, takeoverWindowStartSql(sessionId, chatJid, enabledAt))}
        and not exists (select 1 from ai_reply_chats where session_id = ${sessionId} and chat_jid = ${chatJid} and taken_over_at is not null)`);
    return result.rowsAffected > 0;
  }

  private count(result: AiReplyResult): void {
    this.options.metrics?.aiReplies.inc({ result });
  }

  /** No reply: the reason goes to the settings' lastError and out as an ai.error event. */
  private async failed(sessionId: string, message: ReceivedMessage, reason: Failure, error: string): Promise<void> {
    if (reason !== 'daily-cap') this.count('error');
    const now = this.clock();
    this.options.logger.warn({ sessionId, chatJid: message.chatJid, reason, error }, 'no AI reply');
    await this.db.batch([
      this.db.update(aiReplyConfigs).set({ lastError: error, lastErrorAt: now }).where(eq(aiReplyConfigs.sessionId, sessionId)),
      ...eventInserts(this.db, sessionId, 'ai.error', { chatId: message.chatJid, messageId: message.messageId, reason, error }, now),
    ]);
  }
}

function isOneToOne(jid: string): boolean {
  return jid.endsWith('@s.whatsapp.net') || jid.endsWith('@lid');
}
