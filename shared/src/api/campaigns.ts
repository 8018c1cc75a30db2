import { z } from 'zod';
import type { StoredCampaignMessage } from '../campaigns/render-message.js';
import { CAMPAIGN_STATUSES } from '../campaigns/status.js';
import { SessionId, httpUrl } from './common.js';
import { MediaId } from './media.js';
import { ListId, PageQuery, Pagination, RecipientInputs, RecipientOutput } from './recipient-lists.js';

export const CampaignId = z
  .string({ error: 'campaignId is required' })
  .regex(/^campaign_\d{1,16}_[a-z0-9]{6}$/, 'campaignId must be a campaign id like campaign_1734681600000_abc123');
export const CampaignIdParam = z.object({ campaignId: CampaignId });

export const CampaignStatus = z.enum(CAMPAIGN_STATUSES);
export const RecipientStatus = z.enum(['pending', 'sending', 'sent', 'failed']);

const Link = httpUrl('link');

const Caption = z.string().max(1024, 'must be at most 1024 characters').optional();
const media = { link: Link.optional(), mediaId: MediaId.optional(), caption: Caption, content: Caption.describe('Same as caption (the original field name)') };
const oneSource = (value: { link?: string; mediaId?: string }) => Boolean(value.link) !== Boolean(value.mediaId);
const oneSourceMessage = { message: 'give exactly one of message.link or message.mediaId' };

/** The campaign's message: text, or an image/document by link or uploaded mediaId. `content`,
 * `caption` and `filename` may hold `{{placeholders}}`. */
export const CampaignMessage = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('text'),
      content: z.string({ error: 'message.content is required for a text message' }).min(1, 'must not be empty').max(4096, 'must be at most 4096 characters'),
    }),
    z.object({ type: z.literal('image'), ...media }).refine(oneSource, oneSourceMessage),
    z
      .object({
        type: z.literal('document'),
        ...media,
        filename: z.string().max(255, 'must be at most 255 characters').optional(),
        mimetype: z.string().max(255).optional(),
      })
      .refine(oneSource, oneSourceMessage),
  ],
  {
    error: (issue) =>
      issue.input === null || typeof issue.input !== 'object'
        ? 'message is required: { "type": "text", "content": "..." }'
        : 'message.type must be text, image or document',
  },
);
export type CampaignMessage = z.infer<typeof CampaignMessage>;

export const CampaignSettings = z.object({
  delayBetweenMessages: z
    .number({ error: 'settings.delayBetweenMessages must be a number of milliseconds' })
    .int('must be whole milliseconds')
    .min(0, 'must not be negative')
    .max(3_600_000, 'must be at most 3600000 (one hour)')
    .default(3000),
  maxRetries: z
    .number({ error: 'settings.maxRetries must be a number' })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(10, 'must be at most 10')
    .default(3),
  jitterMs: z
    .number({ error: 'settings.jitterMs must be a number of milliseconds' })
    .int('must be whole milliseconds')
    .min(0, 'must not be negative')
    .max(600_000, 'must be at most 600000 (ten minutes)')
    .optional()
    .describe('Random extra gap, 0..jitterMs ms, added to each delay so sends do not look machine-timed'),
});
export type CampaignSettings = z.infer<typeof CampaignSettings>;

export const CreateCampaignBody = z
  .object({
    name: z.string({ error: 'name is required' }).trim().min(1, 'name must not be empty').max(200, 'name must be at most 200 characters'),
    sessionId: SessionId,
    scheduledAt: z.iso.datetime({ offset: true, error: 'scheduledAt must be an ISO 8601 date-time such as 2024-12-20T10:00:00.000Z' }).optional(),
    message: CampaignMessage,
    recipients: RecipientInputs.min(1, 'recipients must not be empty').optional(),
    recipientListId: ListId.optional(),
    settings: CampaignSettings.default({ delayBetweenMessages: 3000, maxRetries: 3 }),
  })
  .refine((body) => (body.recipients === undefined) !== (body.recipientListId === undefined), {
    message: 'give either recipients or recipientListId (exactly one of them)',
    path: ['recipients'],
  });

export const CampaignsQuery = z.object({
  status: CampaignStatus.optional(),
  sessionId: SessionId.optional().describe('Only this session’s campaigns (useful with the master key)'),
});

export const CampaignDetailsQuery = PageQuery.extend({
  status: RecipientStatus.optional().describe('Only recipients in this state'),
});

export const Statistics = z.object({
  total: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int().describe('Not yet sent or failed (includes one being sent)'),
});
export type Statistics = z.infer<typeof Statistics>;

export const CampaignSummary = z.object({
  id: z.string(),
  name: z.string(),
  sessionId: z.string(),
  status: CampaignStatus,
  statusDetail: z.string().nullable(),
  createdAt: z.string(),
  scheduledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  updatedAt: z.string(),
  recipientListId: z.string().nullable(),
  recipientCount: z.number().int(),
  statistics: Statistics,
  message: z.record(z.string(), z.unknown()),
  settings: z.record(z.string(), z.unknown()),
});

export const CampaignRecipientOutput = RecipientOutput.extend({
  position: z.number().int(),
  status: RecipientStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  messageId: z.string().nullable().describe('The WhatsApp message id once sent'),
  sentAt: z.string().nullable(),
});

export const CampaignDetails = CampaignSummary.extend({ recipients: z.array(CampaignRecipientOutput), pagination: Pagination });

export const CampaignResponse = z.object({ status: z.literal('success'), message: z.string(), id: z.string(), campaign: CampaignSummary });

/** The data of each `progress` event on GET /campaigns/:id/events. */
export const CampaignProgress = z.object({ id: z.string(), status: CampaignStatus, statusDetail: z.string().nullable(), statistics: Statistics });

/** The message as stored and as the runner reads it: for image/document, `content` (the original's
 * field) becomes `caption` when no caption was given. */
export function storedCampaignMessage(message: CampaignMessage): StoredCampaignMessage {
  if (message.type === 'text') return { type: 'text', content: message.content };
  const { content, ...rest } = message;
  const stored: Record<string, string | undefined> = { ...rest, caption: message.caption ?? content };
  return Object.fromEntries(Object.entries(stored).filter((entry) => entry[1] !== undefined)) as StoredCampaignMessage;
}

/** The fields of a message that may hold `{{placeholders}}`, with their names for errors. */
export function templatedFields(message: CampaignMessage): { field: string; text: string }[] {
  const fields: { field: string; text: string }[] = [];
  const add = (field: string, text: string | undefined) => text !== undefined && fields.push({ field: `message.${field}`, text });
  if (message.type === 'text') add('content', message.content);
  else {
    add('content', message.content);
    add('caption', message.caption);
    if (message.type === 'document') add('filename', message.filename);
  }
  return fields;
}
