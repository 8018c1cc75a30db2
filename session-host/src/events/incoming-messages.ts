import {
  getContentType,
  jidNormalizedUser,
  normalizeMessageContent,
  proto,
  type BaileysEventMap,
  type WAMessage,
  type WASocket,
} from '@whiskeysockets/baileys';
import { and, eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Logger } from 'pino';
import { media, messages } from '../../../shared/src/db/schema.js';
import { eventStatements, type WebhookEventName } from '../../../shared/src/events.js';
import type { HostDb } from '../db/client.js';
import type { HostMetrics } from '../metrics/host-metrics.js';
import { cut, LIMITS } from './bounded.js';
import { CoalescedWrites } from './coalesced-writes.js';
import { contentDetails, messageText } from './incoming-content.js';
import { identitiesOf, identityFields, noLookup, type LidPnLookup } from '../identity/identity-fields.js';
import type { IncomingMedia } from './incoming-media.js';
import { accountJids, PollVotes } from './poll-votes.js';
import { statusUpdateStatements } from './message-status.js';
import { receivedCountStatement } from './message-counts.js';
import { phoneMessageStatements } from './phone-messages.js';
import type { StatementBatcher } from './statement-batcher.js';
import type { ReceivedMessage } from '../ai-reply/ai-replies.js';

/** Hears of each contact's message once it is recorded (AI replies); must return at once. */
export interface ReceivedListener {
  received(sessionId: string, message: ReceivedMessage): void;
}
import type { AutoReplier } from '../auto-reply/auto-replier.js';

const MEDIA_TYPES = ['imageMessage', 'documentMessage', 'videoMessage', 'audioMessage', 'stickerMessage'] as const;
type MediaMessageType = (typeof MEDIA_TYPES)[number];
/** A contact's message; one stored before (`messages_session_wa_id`) inserts nothing. */
const INSERT_INCOMING = `insert into messages (session_id, wa_message_id, direction, remote_jid, type, payload, status, created_at, updated_at)
  values (?, ?, 'in', ?, ?, ?, 'received', ?, ?) on conflict do nothing`;
const REPORTED_PROTOCOL_TYPES: number[] = [proto.Message.ProtocolMessage.Type.REVOKE, proto.Message.ProtocolMessage.Type.MESSAGE_EDIT];

/** Turns what contacts send into `messages` rows and webhook events (`message.received`, and
 * `message.reaction`/`.edited`/`.revoked`/`.poll_vote`), with media copied to S3 so receivers
 * fetch it from `/media/<id>` instead of from WhatsApp. */
export class IncomingMessages {
  private readonly polls: PollVotes;
  private readonly writes: CoalescedWrites;

  /** Replies (rules, then the AI) to stored messages, one after another. */
  private answering: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: HostDb,
    private readonly media: IncomingMedia,
    private readonly statuses: StatementBatcher,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
    private readonly metrics?: HostMetrics,
    private readonly listener?: ReceivedListener,
    private readonly autoReplies?: Pick<AutoReplier, 'received'>,
  ) {
    this.polls = new PollVotes(db);
    this.writes = new CoalescedWrites(db);
  }

  async handleUpsert(sessionId: string, sock: WASocket, event: BaileysEventMap['messages.upsert'], people: LidPnLookup = noLookup): Promise<void> {
    for (const msg of event.messages) {
      if (msg.key.fromMe) {
        if (event.type === 'notify') {
          // Typed on the phone: the gateway's own sends come back as 'append'.
          await this.recordFromPhone(sessionId, msg, people).catch((err) =>
            this.logger.error({ err, sessionId, id: msg.key.id }, 'could not record a message sent from the phone'),
          );
        } else if (msg.key.id && msg.status) {
          // Baileys may fold the server ack into the upsert of a message it just sent.
          const recipient = await identitiesOf(people, [msg.key.remoteJid]);
          this.statuses.add(statusUpdateStatements(this.db, sessionId, [{ key: msg.key, update: { status: msg.status } }], this.clock(), recipient));
        }
        await this.rememberOwnPoll(sessionId, sock, msg).catch((err) =>
          this.logger.error({ err, sessionId, id: msg.key.id }, 'could not remember a sent poll'),
        );
        continue;
      }
      if (event.type !== 'notify' || !msg.message || !msg.key.id || !msg.key.remoteJid) continue;
      await this.record(sessionId, sock, msg, people).catch((err) =>
        this.logger.error({ err, sessionId, id: msg.key.id }, 'could not record incoming message'),
      );
    }
  }

  /** A message typed on the account's phone (see phone-messages.ts), written with the incoming ones. */
  private async recordFromPhone(sessionId: string, msg: WAMessage, people: LidPnLookup): Promise<void> {
    const statements = await phoneMessageStatements(this.db, sessionId, msg, people, this.clock());
    this.writes
      .write(statements)
      .catch((err: unknown) => this.logger.error({ err, sessionId, id: msg.key.id }, 'could not record a message sent from the phone'));
  }

  /** Polls the account sends are remembered from Baileys' own upsert of them, which carries the
   * messageSecret, so votes on them can be decrypted later. */
  private async rememberOwnPoll(sessionId: string, sock: WASocket, msg: WAMessage): Promise<void> {
    if (!msg.key.id) return;
    const insert = this.polls.remember(sessionId, msg.key.id, msg.message, accountJids(sock), this.clock());
    if (insert) await insert;
  }

  /** Resolves once the message's rows are queued for writing (see CoalescedWrites); what the
   * write comes to is logged and counted when it is done. */
  private async record(sessionId: string, sock: WASocket, msg: WAMessage, people: LidPnLookup): Promise<void> {
    const content = normalizeMessageContent(msg.message);
    const type = content ? getContentType(content) : undefined;
    if (!content || !type || type === 'senderKeyDistributionMessage') return;
    // Other protocol messages (key shares, history sync …) are the client's business, not a receiver's.
    if (type === 'protocolMessage' && !REPORTED_PROTOCOL_TYPES.includes(content.protocolMessage?.type ?? -1)) return;
    const waMessageId = msg.key.id!;
    // Media is copied to S3 before it is recorded: a message seen before is not copied again.
    if (MEDIA_TYPES.includes(type as MediaMessageType) && (await this.recorded(sessionId, waMessageId))) return;

    const now = this.clock();
    const remoteJid = msg.key.remoteJid!;
    const { remoteJidAlt: alt, participantAlt } = msg.key as { remoteJidAlt?: string; participantAlt?: string };
    // phone and lid of the person who wrote: the participant in a group, the chat otherwise
    const sender = await identityFields(people, msg.key.participant || remoteJid, msg.key.participant ? participantAlt : alt);
    const from = remoteJid.endsWith('@lid') && alt ? alt : remoteJid;
    // The chat is the number's once the number is known, also when this envelope names only the
    // LID (a pair learned before): one chat per person (lid-chat-merge.ts moves what came before).
    const chatJid = from.endsWith('@lid') && !msg.key.participant && 'phone' in sender && sender.phone ? `${sender.phone}@s.whatsapp.net` : from;
    const base = {
      id: waMessageId,
      from,
      ...(from !== remoteJid ? { fromLid: remoteJid } : {}),
      ...(msg.key.participant ? { participant: msg.key.participant } : {}),
      ...sender,
      pushName: cut(msg.pushName, LIMITS.shortTextChars),
      timestamp: Number(msg.messageTimestamp ?? Math.floor(now / 1000)),
    };
    const reported = await this.describe(sessionId, sock, msg, content, type, base);
    if (!reported) return;
    // Exactly once without reading first: a message stored before (Baileys delivers again after a
    // reconnect) inserts nothing, and then its event is not recorded either (changes() = 0).
    const payload = JSON.stringify(reported.data);
    const written = this.writes.write([
      { sql: INSERT_INCOMING, args: [sessionId, waMessageId, chatJid, type, payload, now, now] },
      // Counted only when the insert stored it; the event only when that changed a row (changes()).
      ...(reported.event === 'message.received' ? [receivedCountStatement(sessionId, now)] : []),
      ...eventStatements(sessionId, reported.event, reported.data, now, { onlyIfChanged: true, dataJson: payload }),
      ...reported.also,
    ]);
    written.then(
      (stored) => {
        // 0: a message seen before (Baileys delivers again after a reconnect): nothing new to count or answer.
        if (stored === 0) return;
        this.metrics?.messagesReceived.inc({ type });
        // One message at a time, in the order stored: two quick messages must not both look new to a rule.
        this.answering = this.answering
          .then(() => this.answer(sessionId, reported, { chatJid, messageId: waMessageId, type, inGroup: Boolean(msg.key.participant), receivedAt: now }))
          .catch((err: unknown) => this.logger.error({ err, sessionId, id: waMessageId }, 'could not answer an incoming message'));
      },
      (err: unknown) => this.logger.error({ err, sessionId, id: waMessageId }, 'could not record incoming message'),
    );
  }

  /** A message an auto-reply rule matches is the rule's: the AI answers only the others. */
  private async answer(sessionId: string, reported: { event: string; data: Record<string, unknown> }, message: ReceivedMessage): Promise<void> {
    if (reported.event !== 'message.received') return;
    const ruleAnswered = await this.autoReplies?.received(sessionId, reported.event, reported.data);
    if (!ruleAnswered) this.listener?.received(sessionId, message);
  }

  private async recorded(sessionId: string, waMessageId: string): Promise<boolean> {
    await this.writes.idle();
    const [existing] = await this.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.waMessageId, waMessageId), eq(messages.direction, 'in')));
    return existing !== undefined;
  }

  /** Everything recorded so far is written: for readers of those rows, and before a session stops. */
  written(): Promise<void> {
    return this.writes.idle();
  }

  /** The event a message makes, its data, and what else to write with it; undefined: no event. */
  private async describe(
    sessionId: string,
    sock: WASocket,
    msg: WAMessage,
    content: proto.IMessage,
    type: string,
    base: Record<string, unknown>,
  ): Promise<{ event: WebhookEventName; data: Record<string, unknown>; also: BatchItem<'sqlite'>[] } | undefined> {
    const sender = msg.key.participant || (base.from as string);
    const reaction = content.reactionMessage;
    if (reaction)
      return {
        event: 'message.reaction',
        data: { ...base, message_id: cut(reaction.key?.id, LIMITS.idChars), emoji: cut(reaction.text, LIMITS.emojiChars) ?? '' },
        also: [],
      };
    const pm = content.protocolMessage;
    if (pm) {
      const target = cut(pm.key?.id, LIMITS.idChars);
      if (pm.type === proto.Message.ProtocolMessage.Type.REVOKE)
        return { event: 'message.revoked', data: { ...base, message_id: target, by: sender }, also: [] };
      if (pm.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT)
        return { event: 'message.edited', data: { ...base, message_id: target, text: messageText(normalizeMessageContent(pm.editedMessage)) }, also: [] };
      return undefined;
    }
    const key = msg.key as { participantAlt?: string; remoteJidAlt?: string };
    const senderJids = [msg.key.participant ? key.participantAlt : key.remoteJidAlt, msg.key.participant || msg.key.remoteJid].flatMap((jid) =>
      jid ? [jidNormalizedUser(jid)] : [],
    );
    if (content.pollUpdateMessage) {
      await this.writes.idle(); // the poll itself may be among the messages still being written
      return { event: 'message.poll_vote', data: { ...base, ...(await this.polls.decode(sessionId, content.pollUpdateMessage, senderJids)) }, also: [] };
    }

    const stored = (MEDIA_TYPES as readonly string[]).includes(type)
      ? await this.media.copy(sessionId, sock, msg, content[type as MediaMessageType])
      : undefined;
    const voice = type === 'audioMessage' && content.audioMessage?.ptt ? { voice: true } : {};
    const details = contentDetails(content, type);
    const data = {
      ...base,
      text: messageText(content),
      type,
      ...(stored ? { media: { ...stored.event, ...voice } } : {}),
      ...details,
    };
    const remember = this.polls.remember(sessionId, base.id as string, msg.message, senderJids, this.clock());
    return { event: 'message.received', data, also: [...(stored?.row ? [this.db.insert(media).values(stored.row)] : []), ...(remember ? [remember] : [])] };
  }
}
