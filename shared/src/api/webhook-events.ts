import { z } from 'zod';
import { SessionStatus } from './common.js';
import { GroupParticipantsEventData, GroupUpdateEventData } from './groups.js';

/** What receivers get, one schema per event: the original's fields first, additions after. */
const envelope = <E extends string, D extends z.ZodTypeAny>(event: E, data: D) =>
  z.object({
    id: z.string().describe('Unique per delivery (also X-Webhook-Id): drop duplicates by it (delivery is at least once)'),
    event: z.literal(event),
    sessionId: z.string(),
    data,
    timestamp: z.string().describe('ISO 8601'),
    seq: z
      .number()
      .int()
      .describe(
        "The event's number in its session (also X-Webhook-Sequence and the live stream's event id): 1, 2, 3 … without gaps, " +
          'the same for every webhook, so a receiver can order and de-duplicate across webhooks',
      ),
  });

export const SessionUpdateEvent = envelope(
  'session.update',
  z.object({
    status: SessionStatus,
    detail: z.string().nullable().describe('e.g. "Connected as John Doe"; after a transient close, the cause and the next attempt\'s time'),
    qr: z.string().optional().describe('While status is QR'),
    governor: z
      .object({ paused: z.boolean(), reason: z.string().nullable() })
      .optional()
      .describe("The send governor paused the session's sends (a danger signal) or an operator resumed them; status and detail are the session's current ones"),
    nextAttemptAt: z.string().optional().describe('ISO 8601: when the next reconnect attempt starts (DISCONNECTED after a transient close)'),
    attempt: z.number().optional().describe('Reconnect attempts since the connection was last open'),
  }),
);

/** Who sent a message, on every event a contact's message makes. `phone` and `lid` name the person
 * both ways (session-host/src/identity/identity-fields.ts). */
const Sender = z.object({
  id: z.string().describe('WhatsApp message id'),
  from: z.string().describe('Remote JID (phone-number form when WhatsApp gives one)'),
  fromLid: z.string().optional(),
  participant: z.string().optional().describe('Sender inside a group'),
  phone: z.string().nullable().optional().describe('The sender (the participant in a group): phone number, digits; null while only the LID is known'),
  lid: z.string().nullable().optional().describe('The sender (the participant in a group): LID (…@lid); null while only the phone number is known'),
  pushName: z.string().nullable().describe('At most 1,024 characters'),
  timestamp: z.number().describe('Unix seconds'),
});

const Location = z
  .object({
    latitude: z.number().describe('Left out when not within -90..90'),
    longitude: z.number().describe('Left out when not within -180..180'),
    name: z.string(),
    address: z.string(),
    url: z.string(),
    comment: z.string().describe("The sender's comment (a live location's caption)"),
    accuracy: z.number().describe('Metres'),
    speed: z.number().describe('Metres per second'),
    live: z.literal(true).describe('A live location (type liveLocationMessage)'),
  })
  .partial()
  .describe('type locationMessage or liveLocationMessage; text fields at most 1,024 characters');

const ContactCard = z.object({
  vcard: z.string().nullable().describe('The vCard text as sent; null when it is over 32 KiB (vcard_size says how long it was)'),
  vcard_size: z.number().optional(),
  name: z.object({ formatted_name: z.string().nullable().describe("FN, else the card's display name") }),
  phones: z.array(z.object({ phone: z.string(), wa_id: z.string().optional(), type: z.string().optional() })).describe('TEL lines, at most 20'),
});

const Poll = z
  .object({
    question: z.string().describe('At most 1,024 characters'),
    options: z.array(z.string()).describe('Option names (at most 32, each at most 256 characters)'),
    selectableCount: z.number().describe('How many options a voter may choose; 0 = any number'),
    options_truncated: z.literal(true).optional().describe('The poll had more than 32 options'),
  })
  .describe('type pollCreationMessage, pollCreationMessageV2 or pollCreationMessageV3');

export const MessageReceivedEvent = envelope(
  'message.received',
  Sender.extend({
    text: z.string().nullable().describe('Body or caption, at most 65,536 characters'),
    type: z
      .string()
      .describe(
        'conversation | extendedTextMessage | imageMessage | documentMessage | videoMessage | audioMessage | ' +
          'stickerMessage | locationMessage | liveLocationMessage | contactMessage | contactsArrayMessage | ' +
          'pollCreationMessage… | …',
      ),
    media: z
      .object({
        mediaId: z.string(),
        url: z.string().describe('GET it from the gateway: /media/<mediaId>'),
        mimetype: z.string().describe('type/subtype as stored; application/octet-stream when the sender gave something else'),
        size: z.number(),
        fileName: z.string().optional().describe("The sender's name for the file, at most 255 characters"),
        voice: z.literal(true).optional().describe('A voice note (audioMessage recorded as push-to-talk)'),
      })
      .partial({ mediaId: true, url: true, size: true })
      .extend({
        error: z
          .string()
          .optional()
          .describe(
            "Set when nothing was stored: 'too-large' (over the gateway's MEDIA_MAX_INCOMING_BYTES, announced or " +
              "counted while downloading) or 'media could not be downloaded'",
          ),
        maxBytes: z
          .number()
          .optional()
          .describe("With error 'too-large': the limit; size is then the announced size or the bytes counted when the download was cut"),
      })
      .optional()
      .describe('Images, documents, videos, audio, voice notes and stickers'),
    location: Location.optional(),
    contacts: z.array(ContactCard).optional().describe('type contactMessage or contactsArrayMessage; at most 10 cards'),
    contacts_truncated: z.literal(true).optional().describe('More than 10 cards were sent'),
    poll: Poll.optional(),
    context: z
      .object({
        message_id: z.string().describe('Id of the quoted message'),
        from: z.string().nullable().describe("JID of the quoted message's author"),
      })
      .optional()
      .describe('Set when the message is a reply'),
  }),
);

export const MessageReactionEvent = envelope(
  'message.reaction',
  Sender.extend({
    message_id: z.string().describe('Id of the message reacted to'),
    emoji: z.string().describe('At most 32 characters; empty: the sender took the reaction back'),
  }),
);

export const MessageEditedEvent = envelope(
  'message.edited',
  Sender.extend({
    message_id: z.string().describe('Id of the edited message (id is that of the edit itself)'),
    text: z.string().nullable().describe('The new body or caption, at most 65,536 characters'),
  }),
);

export const MessageRevokedEvent = envelope(
  'message.revoked',
  Sender.extend({
    message_id: z.string().describe('Id of the message deleted for everyone'),
    by: z.string().describe('JID of who deleted it (the sender; in groups the participant)'),
  }),
);

export const MessagePollVoteEvent = envelope(
  'message.poll_vote',
  Sender.extend({
    poll_id: z.string().describe('Id of the poll (sent by the gateway or by a contact)'),
    question: z.string().optional(),
    options: z.array(z.string()).optional().describe("The voter's whole current choice (empty: the vote was taken back); at most 32"),
    unknown_options: z.number().optional().describe('Chosen options the gateway does not know (past the 32 it keeps)'),
    error: z
      .enum(['unknown poll', 'undecryptable vote'])
      .optional()
      .describe(
        "'unknown poll': the gateway never saw the poll (sent before the session was here); 'undecryptable " +
          "vote': the vote does not decrypt with the poll's secret",
      ),
  }),
);

export const MessageStatusEvent = envelope(
  'message.status',
  z.object({
    id: z.string(),
    to: z.string(),
    phone: z.string().nullable().optional().describe('Individual recipients: phone number (digits); null while only the LID is known'),
    lid: z.string().nullable().optional().describe('Individual recipients: LID (…@lid); null while only the phone number is known'),
    status: z.enum(['sent', 'delivered', 'read', 'failed']),
    error: z.string().optional(),
  }),
);

const Statistics = z.object({ total: z.number(), sent: z.number(), failed: z.number(), pending: z.number() });
const CampaignState = z.object({
  id: z.string().describe('Campaign id'),
  name: z.string(),
  status: z.string(),
  statusDetail: z.string().nullable(),
  statistics: Statistics,
});
export const CampaignProgressEvent = envelope('campaign.progress', CampaignState);
export const CampaignCompletedEvent = envelope('campaign.completed', CampaignState);

export const GroupParticipantsEvent = envelope('group.participants', GroupParticipantsEventData);
export const GroupUpdateEvent = envelope('group.update', GroupUpdateEventData);

export const AiErrorEvent = envelope(
  'ai.error',
  z.object({
    chatId: z.string().describe('The chat that got no AI reply (JID)'),
    messageId: z.string().describe("The contact's message left unanswered"),
    reason: z
      .enum(['endpoint', 'daily-cap', 'key'])
      .describe('endpoint: down, slow or a bad answer; daily-cap: the cap is reached; key: the stored key cannot be opened'),
    error: z.string().describe('What went wrong (never the API key)'),
  }),
);

export const WEBHOOK_EVENTS = {
  'session.update': SessionUpdateEvent,
  'message.received': MessageReceivedEvent,
  'message.reaction': MessageReactionEvent,
  'message.edited': MessageEditedEvent,
  'message.revoked': MessageRevokedEvent,
  'message.poll_vote': MessagePollVoteEvent,
  'message.status': MessageStatusEvent,
  'campaign.progress': CampaignProgressEvent,
  'campaign.completed': CampaignCompletedEvent,
  'group.participants': GroupParticipantsEvent,
  'group.update': GroupUpdateEvent,
  'ai.error': AiErrorEvent,
} as const;
