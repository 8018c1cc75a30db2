import { z } from '@hono/zod-openapi';
import { ChatId } from '../../../../shared/src/api/chats.js';
import { SessionId } from '../../../../shared/src/api/common.js';
import { MessageContent } from '../../../../shared/src/api/inbox.js';
import { DeleteMessageBody, EditMessageBody, MAX_MESSAGES_PER_REQUEST, MessageResult, OutgoingMessage } from '../../../../shared/src/api/messages.js';
import { MessageKeyId } from '../../../../shared/src/api/message-content.js';
import { NextCursor, cursorPageQuery } from '../paging.js';

export { DeleteMessageBody, EditMessageBody, MAX_MESSAGES_PER_REQUEST, MessageResult, OutgoingMessage };
export { SuccessMessage } from '../../../../shared/src/api/common.js';

export const SendMessagesQuery = z.object({
  sessionId: z
    .string()
    .optional()
    .openapi({ param: { name: 'sessionId', in: 'query', required: true }, example: 'mySession' }),
});

/** Items are validated one by one in the handler, so one bad item does not sink the batch; this
 * schema only documents the shape. */
export const SendMessagesBody = z.unknown().openapi({
  description: `One message object, or an array of at most ${MAX_MESSAGES_PER_REQUEST}. Each item is validated on its own.`,
  oneOf: [
    { $ref: '#/components/schemas/OutgoingMessage' },
    { type: 'array', maxItems: MAX_MESSAGES_PER_REQUEST, items: { $ref: '#/components/schemas/OutgoingMessage' } },
  ],
  example: { recipient_type: 'individual', to: '6281234567890', type: 'text', text: { body: 'Hello from the API!' } },
});

export const ListMessagesQuery = z.object({
  sessionId: SessionId,
  direction: z.enum(['out', 'in'], { error: 'direction must be out or in' }).optional().openapi({ description: 'Sent (out) or received (in). Default: both.' }),
  chatId: ChatId.optional().openapi({ description: "Only this chat's messages: a number (read in the session's country) or a JID" }),
  ...cursorPageQuery,
});

export const MessageItem = z.object({
  id: z.string().describe('WhatsApp message id'),
  direction: z.enum(['out', 'in']),
  remoteJid: z.string().describe('The contact or group (recipient of out, sender of in)'),
  type: z.string(),
  status: z.string().describe('out: queued, sending, sent, delivered, read or failed; in: received'),
  error: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  origin: z
    .enum(['api', 'auto_reply', 'ai', 'phone'])
    .describe(
      'out: what queued it: api (a send or campaign), auto_reply (a rule of /sessions/{sessionId}/auto-replies), ai (an AI reply) ' +
        "or phone (typed on the account's phone, seen by the gateway as a linked device)",
    )
    .optional(),
  content: MessageContent,
});

export const ListMessagesResponse = z.object({ status: z.literal('success'), messages: z.array(MessageItem), nextCursor: NextCursor });

export const EditMessageParams = z.object({
  messageId: MessageKeyId('messageId').openapi({ param: { name: 'messageId', in: 'path' }, example: '3EB0C431D5A3E2F1B7A9' }),
});

export const EditMessageQuery = z.object({
  sessionId: SessionId.openapi({ param: { name: 'sessionId', in: 'query', required: true }, example: 'mySession' }),
});

export const EditMessageResult = z.object({
  status: z.literal('success'),
  message: z.string(),
  messageId: z.string().describe('The WhatsApp id of the edit itself (its status arrives as message.status events)'),
  editedMessageId: z.string(),
  to: z.string(),
  messageStatus: z.literal('queued'),
});
