import { z } from 'zod';

/** What receivers get, one schema per event: the original's fields first, additions after. */
const envelope = <E extends string, D extends z.ZodTypeAny>(event: E, data: D) =>
  z.object({
    id: z.string().describe('Unique per event: drop duplicates by it (delivery is at least once)'),
    event: z.literal(event),
    sessionId: z.string(),
    data,
    timestamp: z.string().describe('ISO 8601'),
  });

export const SessionUpdateEvent = envelope(
  'session.update',
  z.object({
    status: z.enum(['STARTING', 'QR', 'CONNECTING', 'CONNECTED', 'DISCONNECTED', 'LOGGED_OUT']),
    detail: z.string().nullable().describe('e.g. "Connected as John Doe"'),
    qr: z.string().optional().describe('While status is QR'),
  }),
);

// `phone` and `lid` name a person both ways (session-host/src/identity/identity-fields.ts).
export const MessageReceivedEvent = envelope(
  'message.received',
  z.object({
    from: z.string().describe('Remote JID (phone-number form when WhatsApp gives one)'),
    text: z.string().nullable().describe('Body or caption'),
    type: z.string().describe('conversation | extendedTextMessage | imageMessage | documentMessage | …'),
    id: z.string().describe('WhatsApp message id'),
    fromLid: z.string().optional(),
    participant: z.string().optional().describe('Sender inside a group'),
    phone: z.string().nullable().optional().describe('The sender (the participant in a group): phone number, digits; null while only the LID is known'),
    lid: z.string().nullable().optional().describe('The sender (the participant in a group): LID (…@lid); null while only the phone number is known'),
    pushName: z.string().nullable(),
    timestamp: z.number().describe('Unix seconds'),
    media: z
      .object({
        mediaId: z.string(),
        url: z.string().describe('GET it from the gateway: /media/<mediaId>'),
        mimetype: z.string().describe('type/subtype as stored; application/octet-stream when the sender gave something else'),
        size: z.number(),
        fileName: z.string().optional().describe("The sender's name for the file, at most 255 characters"),
      })
      .partial({ mediaId: true, url: true, size: true })
      .extend({
        error: z
          .string()
          .optional()
          .describe(
            "Set when nothing was stored: 'too-large' (over the gateway's MEDIA_MAX_INCOMING_BYTES, announced or counted while downloading) or 'media could not be downloaded'",
          ),
        maxBytes: z
          .number()
          .optional()
          .describe("With error 'too-large': the limit; size is then the announced size or the bytes counted when the download was cut"),
      })
      .optional(),
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

export const WEBHOOK_EVENTS = {
  'session.update': SessionUpdateEvent,
  'message.received': MessageReceivedEvent,
  'message.status': MessageStatusEvent,
  'campaign.progress': CampaignProgressEvent,
  'campaign.completed': CampaignCompletedEvent,
} as const;
