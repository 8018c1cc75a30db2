import { z } from 'zod';
import { httpUrl } from './common.js';
import { MediaId } from './media.js';

/** COMPAT: a body is one message or an array of at most this many. */
export const MAX_MESSAGES_PER_REQUEST = 100;

const Link = httpUrl('link');

/** `to`: 8–15 digits (a "+" and spaces are tolerated), or a full JID. */
export const Recipient = z
  .string({ error: 'to is required' })
  .trim()
  .transform((value) => value.replace(/^\+/, '').replace(/[\s-]/g, ''))
  .refine(
    (value) => /^\d{8,15}$/.test(value) || /^\d{8,15}(:\d+)?@s\.whatsapp\.net$/.test(value) || /^[\d-]{8,40}@g\.us$/.test(value) || /^\d+@lid$/.test(value),
    {
      message: 'to must be 8-15 digits or a WhatsApp JID (…@s.whatsapp.net, …@g.us)',
    },
  );

const MediaRef = z
  .object({ link: Link.optional(), id: MediaId.optional() })
  .refine((value) => Boolean(value.link) !== Boolean(value.id), { message: 'give exactly one of link or id' });

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

const Common = { recipient_type: z.enum(['individual', 'group'], { error: 'recipient_type must be individual or group' }), to: Recipient };

export const OutgoingMessage = z.discriminatedUnion(
  'type',
  [
    z.object({ ...Common, type: z.literal('text'), text: TextContent }),
    z.object({ ...Common, type: z.literal('image'), image: ImageContent }),
    z.object({ ...Common, type: z.literal('document'), document: DocumentContent }),
  ],
  { error: 'type must be text, image or document' },
);
export type OutgoingMessage = z.infer<typeof OutgoingMessage>;

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
