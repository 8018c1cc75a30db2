// Signals to a chat that are not messages: read receipts and presence (typing, recording).
import { z } from 'zod';
import { SessionId } from './common.js';
import { isRecipientShape } from '../phone/recipient.js';

/** Message ids one read request may name; `upTo` reads at most as many of the latest. */
export const MAX_READ_MESSAGES = 100;

const MessageId = (field: string) =>
  z
    .string({ error: `${field} must be a message id` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(128, `${field} must be at most 128 characters`);

export const ChatId = z
  .string({ error: 'chatId is required' })
  .trim()
  .max(256, 'chatId must be at most 256 characters')
  .refine(isRecipientShape, 'chatId must be a phone number (6281234567890) or a WhatsApp JID (…@s.whatsapp.net, …@g.us, …@lid)')
  .describe("The chat: a contact's number (read in the session's default country) or a JID");

export const ReadChatBody = z
  .object({
    sessionId: SessionId,
    chatId: ChatId,
    messageIds: z
      .array(MessageId('messageIds'), { error: 'messageIds must be an array of message ids' })
      .min(1, 'messageIds must not be empty')
      .max(MAX_READ_MESSAGES, `messageIds: at most ${MAX_READ_MESSAGES} per request`)
      .optional()
      .describe('Received messages to mark read'),
    upTo: MessageId('upTo')
      .optional()
      .describe(`A received message: it and the ones the chat received before it (at most the latest ${MAX_READ_MESSAGES}) are marked read`),
  })
  .refine((body) => (body.messageIds === undefined) !== (body.upTo === undefined), {
    message: 'give messageIds or upTo (exactly one of them)',
    path: ['messageIds'],
  });
export type ReadChatBody = z.infer<typeof ReadChatBody>;

export const ReadChatResponse = z.object({
  status: z.literal('success'),
  message: z.string(),
  chatId: z.string().describe('The chat JID the receipt went to'),
  messageIds: z.array(z.string()).describe('Every message id the read receipt covered'),
});

export const CHAT_PRESENCES = ['composing', 'recording', 'paused'] as const;
export const ACCOUNT_PRESENCES = ['available', 'unavailable'] as const;

export const PresenceBody = z
  .object({
    sessionId: SessionId,
    presence: z
      .enum([...CHAT_PRESENCES, ...ACCOUNT_PRESENCES], { error: 'presence must be composing, recording, paused, available or unavailable' })
      .describe('composing / recording / paused: shown in one chat (chatId required); available / unavailable: the account (no chatId)'),
    chatId: ChatId.optional(),
  })
  .superRefine((body, ctx) => {
    const forChat = (CHAT_PRESENCES as readonly string[]).includes(body.presence);
    if (forChat && body.chatId === undefined) ctx.addIssue({ code: 'custom', path: ['chatId'], message: `chatId is required for ${body.presence}` });
    if (!forChat && body.chatId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['chatId'], message: `chatId must not be given for ${body.presence}: it is the account's presence` });
    }
  });
export type PresenceBody = z.infer<typeof PresenceBody>;

/** What the edge asks the session host to send (JIDs resolved, keys looked up). */
export const ReadCommand = z.object({
  keys: z
    .array(z.object({ remoteJid: z.string().min(3).max(256), id: z.string().min(1).max(128), participant: z.string().max(256).optional() }))
    .min(1)
    .max(MAX_READ_MESSAGES),
});
export type ReadCommand = z.infer<typeof ReadCommand>;

export const PresenceCommand = z.object({ presence: z.enum([...CHAT_PRESENCES, ...ACCOUNT_PRESENCES]), chatJid: z.string().min(3).max(256).optional() });
export type PresenceCommand = z.infer<typeof PresenceCommand>;
