import { z } from 'zod';
import {
  AudioContent,
  ContactsContent,
  LocationContent,
  MediaRef,
  Mentions,
  MessageKeyId,
  PollContent,
  ReactionContent,
  ReplyContext,
  StickerContent,
  VideoContent,
} from './message-content.js';
import { isRecipientShape, RECIPIENT_RULE } from '../phone/recipient.js';

/** COMPAT: a body is one message or an array of at most this many. */
export const MAX_MESSAGES_PER_REQUEST = 100;

/** `to`: a phone number or a full JID; the edge turns a number into E.164 digits with the
 * session's default country (normalizeRecipient). */
export const Recipient = z.string({ error: 'to is required' }).trim().refine(isRecipientShape, { message: RECIPIENT_RULE });

export const TextContent = z.object({
  body: z.string({ error: 'text.body is required' }).min(1, 'text.body must not be empty').max(4096, 'text.body must be at most 4096 characters'),
});
export const ImageContent = MediaRef.and(z.object({ caption: z.string().max(1024, 'caption must be at most 1024 characters').optional() }));
export const DocumentContent = MediaRef.and(
  z.object({
    mimetype: z.string().max(255).optional(),
    filename: z.string().max(255, 'filename must be at most 255 characters').optional(),
    caption: z.string().max(1024).optional(),
  }),
);

const Common = {
  // Cloud API: optional, `individual` when absent.
  recipient_type: z.enum(['individual', 'group'], { error: 'recipient_type must be individual or group' }).default('individual'),
  to: Recipient,
  context: ReplyContext.optional(),
  mentions: Mentions.optional(),
};

export const MESSAGE_TYPES = ['text', 'image', 'document', 'video', 'audio', 'sticker', 'location', 'contacts', 'reaction', 'poll'] as const;

/** The text a message shows (body or caption): where its @mentions must appear. */
function visibleText(message: { type: string } & Record<string, unknown>): string | undefined {
  const part = message[message.type] as { body?: string; caption?: string } | undefined;
  return part?.body ?? part?.caption;
}

export const OutgoingMessage = z
  .discriminatedUnion(
    'type',
    [
      z.object({ ...Common, type: z.literal('text'), text: TextContent }),
      z.object({ ...Common, type: z.literal('image'), image: ImageContent }),
      z.object({ ...Common, type: z.literal('document'), document: DocumentContent }),
      z.object({ ...Common, type: z.literal('video'), video: VideoContent }),
      z.object({ ...Common, type: z.literal('audio'), audio: AudioContent }),
      z.object({ ...Common, type: z.literal('sticker'), sticker: StickerContent }),
      z.object({ ...Common, type: z.literal('location'), location: LocationContent }),
      z.object({ ...Common, type: z.literal('contacts'), contacts: ContactsContent }),
      z.object({ ...Common, type: z.literal('reaction'), reaction: ReactionContent }),
      z.object({ ...Common, type: z.literal('poll'), poll: PollContent }),
    ],
    { error: `type must be one of ${MESSAGE_TYPES.join(', ')}` },
  )
  .superRefine((message, ctx) => {
    if (message.type === 'reaction' && message.context) ctx.addIssue({ code: 'custom', path: ['context'], message: 'a reaction cannot be a reply' });
    if (!message.mentions) return;
    const text = visibleText(message);
    if (text === undefined) {
      ctx.addIssue({ code: 'custom', path: ['mentions'], message: 'mentions need a text body or a caption to appear in' });
      return;
    }
    const missing = message.mentions.find((number) => !text.includes(`@${number}`));
    if (missing) ctx.addIssue({ code: 'custom', path: ['mentions'], message: `the text must contain @${missing} for each mentioned number` });
  });
export type OutgoingMessage = z.infer<typeof OutgoingMessage>;

/** What PATCH /messages/{messageId} takes: the new text of a sent text message. */
export const EditMessageBody = z.object({ text: TextContent });

/** A queued edit, as the send queue reads it: its own row, sent as a MESSAGE_EDIT of `message_id`. */
export const QueuedEdit = z.object({
  type: z.literal('edit'),
  to: z.string().max(256),
  edit: z.object({ message_id: MessageKeyId('edit.message_id'), text: TextContent }),
});
export type QueuedEdit = z.infer<typeof QueuedEdit>;

/** Every payload the send queue may find in a row. */
export type QueuedMessage = OutgoingMessage | QueuedEdit;

export const SendMessagesQuery = z.object({ sessionId: z.string().optional() });

export const MessageResult = z.union([
  z.object({
    status: z.literal('success'),
    message: z.string(),
    messageId: z.string().describe('The WhatsApp message key id'),
    index: z.number().int(),
    to: z.string(),
    messageStatus: z.string().describe('queued until the session host sends it; then sent, delivered, read or failed'),
    phone: z.string().nullable().optional().describe('Individual recipients: the phone number (digits), null if the session knows only the LID'),
    lid: z.string().nullable().optional().describe('Individual recipients: the LID (…@lid) when the session knows it, else null'),
  }),
  z.object({ status: z.literal('error'), message: z.string(), index: z.number().int() }),
]);

// Bounded like what WhatsApp uses (JIDs and key ids are short); an unbounded one reached the
// host's internal body cap and came back as a 502.
export const DeleteMessageBody = z.object({
  sessionId: z.string().max(64, 'sessionId must be at most 64 characters').optional(),
  remoteJid: z.string().max(256, 'remoteJid must be at most 256 characters').optional(),
  messageId: z.string().max(128, 'messageId must be at most 128 characters').optional(),
});

/** The WhatsApp JID a validated `to` addresses. */
export function toJid(to: string, recipientType: 'individual' | 'group'): string {
  if (to.includes('@')) return to;
  return `${to}@${recipientType === 'group' ? 'g.us' : 's.whatsapp.net'}`;
}

/** A WhatsApp-style message key id (Baileys' own format: "3EB0" + 18 hex digits), generated before
 * the send and stored, so a resend after a crash reuses it and WhatsApp drops the duplicate. */
export function newWaMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `3EB0${Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}`;
}
