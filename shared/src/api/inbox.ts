// What the inbox reads: a session's chats (contact, last message, unread count) and what each
// stored message shows, one shape for sent and received messages whatever their type. Built from
// the rows the gateway keeps, so every text here may come from a contact: display it as text.
import { z } from 'zod';

export const CONTENT_KINDS = [
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contacts',
  'poll',
  'reaction',
  'poll_vote',
  'edit',
  'revoke',
  'other',
] as const;

export const MessageContent = z
  .object({
    kind: z.enum(CONTENT_KINDS),
    text: z.string().nullable().describe('The body, caption, new text of an edit, or a summary (poll question, contact name, place)'),
    media: z
      .object({
        mediaId: z.string().nullable().describe('Stored media: fetch it from GET /api/v1/media/{mediaId}'),
        link: z.string().nullable().describe('A sent link the gateway fetched (not stored)'),
        mimetype: z.string().nullable(),
        filename: z.string().nullable(),
        voice: z.boolean(),
      })
      .optional(),
    location: z
      .object({ latitude: z.number().nullable(), longitude: z.number().nullable(), name: z.string().nullable(), address: z.string().nullable() })
      .optional(),
    contacts: z.array(z.object({ name: z.string(), phones: z.array(z.string()) })).optional(),
    poll: z.object({ question: z.string(), options: z.array(z.string()) }).optional(),
    target: z.string().nullable().optional().describe('The message a reaction, edit, revoke or vote is about'),
    emoji: z.string().optional().describe('A reaction ("" removed it)'),
    replyTo: z.string().nullable().optional().describe('The quoted message of a reply'),
  })
  .describe('What the message shows');
export type MessageContent = z.infer<typeof MessageContent>;

export const ChatSummary = z.object({
  chatId: z.string().describe('The chat JID (a contact …@s.whatsapp.net or …@lid, a group …@g.us)'),
  phone: z.string().nullable().describe("The contact's number, when known"),
  name: z.string().nullable().describe("The push name the contact chose, or a group's subject, when known"),
  unreadCount: z.number().int().describe('Messages received after the last one marked read (POST /chats/read)'),
  lastMessage: z.object({
    id: z.string(),
    direction: z.enum(['out', 'in']),
    type: z.string(),
    status: z.string(),
    createdAt: z.string(),
    content: MessageContent,
  }),
});
export type ChatSummary = z.infer<typeof ChatSummary>;
