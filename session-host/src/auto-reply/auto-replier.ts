// Answers incoming messages with a session's auto-reply rules. Rules live in memory per session
// (read at session start and when the edge says they changed), so a message that matches nothing
// costs no database round trip. The first rule that matches answers; its cooldown, counted from
// the last auto-reply to that chat by any rule, keeps two gateways (or two rules) from answering
// each other forever. Replies go through the send queue: governor, retries, statuses, webhooks.
import type { Logger } from 'pino';
import { MAX_COOLDOWN_SECONDS } from '../../../shared/src/api/auto-replies.js';
import { OutgoingMessage } from '../../../shared/src/api/messages.js';
import type { AutoReplyStore } from './auto-reply-store.js';
import { type CompiledRule, compileRules, windowsAt } from './rule-matcher.js';

/** Chats remembered per session as known (first_message) or cooling down; past this the expired
 * cooldowns are dropped and the known set starts over (it is only a cache of a database answer). */
const MAX_REMEMBERED = 10_000;

interface SessionRules {
  rules: CompiledRule[];
  /** chat JID → when it last got an auto-reply */
  lastReply: Map<string, number>;
  /** chats that have exchanged messages with the session */
  known: Set<string>;
  /** lastReply holds the stored auto-replies (read once, when the session first has rules) */
  cooldownsRead: boolean;
}

/** What the incoming handler reports: the event it recorded and that event's data. */
export type ReceivedData = Record<string, unknown>;

export class AutoReplier {
  private readonly sessions = new Map<string, SessionRules>();

  constructor(
    private readonly store: AutoReplyStore,
    /** Wakes the session's send queue. */
    private readonly kick: (sessionId: string) => void,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Reads the session's rules; the first time it has any, also its recent auto-replies (cooldowns). */
  async load(sessionId: string): Promise<void> {
    const rules = compileRules(await this.store.rules(sessionId));
    const state = this.sessions.get(sessionId) ?? { rules, lastReply: new Map<string, number>(), known: new Set<string>(), cooldownsRead: false };
    if (rules.length > 0 && !state.cooldownsRead) {
      state.lastReply = await this.store.lastReplies(sessionId, this.clock() - MAX_COOLDOWN_SECONDS * 1000);
      state.cooldownsRead = true;
    }
    state.rules = rules;
    this.sessions.set(sessionId, state);
  }

  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /** Called once for each newly recorded incoming event; never throws. */
  async received(sessionId: string, event: string, data: ReceivedData): Promise<boolean> {
    const state = this.sessions.get(sessionId);
    if (!state || state.rules.length === 0 || event !== 'message.received') return false;
    try {
      return await this.answer(sessionId, state, data);
    } catch (err) {
      this.logger.error({ err, sessionId, id: data.id }, 'auto-reply failed');
      return false;
    }
  }

  /** True when a rule matched the message (answered, or held by its cooldown): it is the rule's, and no AI reply follows. */
  private async answer(sessionId: string, state: SessionRules, data: ReceivedData): Promise<boolean> {
    const chat = typeof data.from === 'string' ? data.from : '';
    // Status broadcasts and channels are not conversations.
    if (!chat || chat.endsWith('@broadcast') || chat.endsWith('@newsletter')) return false;
    const group = chat.endsWith('@g.us');
    const text = typeof data.text === 'string' ? data.text : '';
    const now = this.clock();
    const rule = await this.firstMatch(sessionId, state, { chat, group, text, now, data });
    if (!rule) return false;
    const last = state.lastReply.get(chat);
    if (last !== undefined && now - last < rule.cooldownMs) return true;
    const payload = OutgoingMessage.safeParse({ recipient_type: group ? 'group' : 'individual', to: chat, ...rule.reply });
    if (!payload.success) {
      this.logger.warn({ sessionId, rule: rule.id, issues: payload.error.issues }, 'auto-reply rule makes no valid message');
      return false;
    }
    // Remembered before the write: the next message from the chat is cooled down even while this one is written.
    this.remember(state, chat, now);
    const id = await this.store.enqueue(sessionId, payload.data, now);
    this.logger.info({ sessionId, rule: rule.id, to: chat, id }, 'auto-reply queued');
    this.kick(sessionId);
    return true;
  }

  /** The first rule (in order) that answers this message: in its time window, opted into groups
   * for a group, and whose text test passes (or, for first_message, whose chat is new). */
  private async firstMatch(
    sessionId: string,
    state: SessionRules,
    m: { chat: string; group: boolean; text: string; now: number; data: ReceivedData },
  ): Promise<CompiledRule | undefined> {
    const inWindow = windowsAt(m.now);
    for (const rule of state.rules) {
      if (m.group && !rule.inGroups) continue;
      if (rule.kind === 'first_message') {
        // A group's first message says nothing about the person; a contact is new only once.
        if (!m.group && inWindow(rule) && (await this.isNewContact(sessionId, state, m.chat, m.data))) return rule;
      } else if (m.text && rule.test(m.text) && inWindow(rule)) return rule;
    }
    return undefined;
  }

  private async isNewContact(sessionId: string, state: SessionRules, chat: string, data: ReceivedData): Promise<boolean> {
    if (state.known.has(chat) || state.lastReply.has(chat)) return false;
    const jids = [chat, ...(typeof data.fromLid === 'string' ? [data.fromLid] : [])];
    const known = await this.store.knownBefore(sessionId, jids, String(data.id));
    if (state.known.size >= MAX_REMEMBERED) state.known.clear();
    state.known.add(chat);
    return !known;
  }

  private remember(state: SessionRules, chat: string, now: number): void {
    if (state.lastReply.size >= MAX_REMEMBERED) {
      const longest = Math.max(...state.rules.map((r) => r.cooldownMs));
      for (const [jid, at] of state.lastReply) if (now - at >= longest) state.lastReply.delete(jid);
    }
    state.lastReply.set(chat, now);
  }
}
