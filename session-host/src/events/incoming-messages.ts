import { getContentType, normalizeMessageContent, type BaileysEventMap, type WAMessage, type WASocket } from '@whiskeysockets/baileys';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { media, messages } from '../../../shared/src/db/schema.js';
import { outboxInsert } from '../../../shared/src/events.js';
import type { HostDb } from '../db/client.js';
import { identitiesOf, identityFields, noLookup, type LidPnLookup } from '../identity/identity-fields.js';
import type { IncomingMedia } from './incoming-media.js';
import { statusUpdateStatements } from './message-status.js';
import type { StatementBatcher } from './statement-batcher.js';

const MEDIA_TYPES = ['imageMessage', 'documentMessage', 'videoMessage', 'audioMessage', 'stickerMessage'] as const;
type MediaMessageType = (typeof MEDIA_TYPES)[number];

/** Turns what contacts send into `messages` rows and `message.received` events, with media
 * copied to S3 so receivers fetch it from `/media/<id>` instead of from WhatsApp. */
export class IncomingMessages {
  constructor(
    private readonly db: HostDb,
    private readonly media: IncomingMedia,
    private readonly statuses: StatementBatcher,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  async handleUpsert(sessionId: string, sock: WASocket, event: BaileysEventMap['messages.upsert'], people: LidPnLookup = noLookup): Promise<void> {
    for (const msg of event.messages) {
      if (msg.key.fromMe) {
        // Baileys may fold the server ack into the upsert of a message it just sent.
        if (msg.key.id && msg.status) {
          const recipient = await identitiesOf(people, [msg.key.remoteJid]);
          this.statuses.add(statusUpdateStatements(this.db, sessionId, [{ key: msg.key, update: { status: msg.status } }], this.clock(), recipient));
        }
        continue;
      }
      if (event.type !== 'notify' || !msg.message || !msg.key.id || !msg.key.remoteJid) continue;
      await this.record(sessionId, sock, msg, people).catch((err) =>
        this.logger.error({ err, sessionId, id: msg.key.id }, 'could not record incoming message'),
      );
    }
  }

  private async record(sessionId: string, sock: WASocket, msg: WAMessage, people: LidPnLookup): Promise<void> {
    const content = normalizeMessageContent(msg.message);
    const type = content ? getContentType(content) : undefined;
    if (!content || !type || type === 'protocolMessage' || type === 'senderKeyDistributionMessage' || type === 'reactionMessage') return;
    const waMessageId = msg.key.id!;
    const [existing] = await this.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.waMessageId, waMessageId), eq(messages.direction, 'in')));
    if (existing) return;

    const now = this.clock();
    const remoteJid = msg.key.remoteJid!;
    const { remoteJidAlt: alt, participantAlt } = msg.key as { remoteJidAlt?: string; participantAlt?: string };
    const from = remoteJid.endsWith('@lid') && alt ? alt : remoteJid;
    // phone and lid of the person who wrote: the participant in a group, the chat otherwise
    const sender = await identityFields(people, msg.key.participant || remoteJid, msg.key.participant ? participantAlt : alt);
    const text =
      content.conversation ??
      content.extendedTextMessage?.text ??
      content.imageMessage?.caption ??
      content.documentMessage?.caption ??
      content.videoMessage?.caption ??
      null;
    const stored = (MEDIA_TYPES as readonly string[]).includes(type)
      ? await this.media.copy(sessionId, sock, msg, content[type as MediaMessageType])
      : undefined;

    const data = {
      id: waMessageId,
      from,
      ...(from !== remoteJid ? { fromLid: remoteJid } : {}),
      ...(msg.key.participant ? { participant: msg.key.participant } : {}),
      ...sender,
      pushName: msg.pushName ?? null,
      text,
      type,
      timestamp: Number(msg.messageTimestamp ?? Math.floor(now / 1000)),
      ...(stored ? { media: stored.event } : {}),
    };
    await this.db.batch([
      this.db.insert(messages).values({
        sessionId,
        waMessageId,
        direction: 'in',
        remoteJid: from,
        type,
        payload: JSON.stringify(data),
        status: 'received',
        createdAt: now,
        updatedAt: now,
      }),
      ...(stored?.row ? [this.db.insert(media).values(stored.row)] : []),
      outboxInsert(this.db, sessionId, 'message.received', data, now),
    ]);
  }
}
