// A session's webhooks, several per session, each with its own URL, secret and event filter.
import { z } from 'zod';
import { WEBHOOK_EVENT_NAMES } from '../events.js';
import { SessionId } from './common.js';
import { WebhookUrl } from './webhook.js';

/** Webhooks one session may have: each event is written once per webhook. */
export const MAX_WEBHOOKS_PER_SESSION = 10;

const EVENT_CHOICES = [...WEBHOOK_EVENT_NAMES, '*'] as const;

/** `["*"]` (every event, also those added later) or a list of event names. */
export const WebhookEventFilter = z
  .array(z.enum(EVENT_CHOICES, { error: `events must be "*" or event names: ${WEBHOOK_EVENT_NAMES.join(', ')}` }), {
    error: 'events must be an array of event names, e.g. ["message.received"], or ["*"]',
  })
  .min(1, 'events must name at least one event, or "*"')
  .max(EVENT_CHOICES.length, `events must name at most ${EVENT_CHOICES.length} entries`)
  .transform((events) => (events.includes('*') ? ['*'] : [...new Set(events)]))
  .describe(`Events this webhook gets: ["*"] (default) for all, or names from ${WEBHOOK_EVENT_NAMES.join(', ')}`);

export const CreateSessionWebhookBody = z.object({ url: WebhookUrl, events: WebhookEventFilter.optional() });

export const UpdateSessionWebhookBody = z
  .object({
    url: WebhookUrl.optional(),
    events: WebhookEventFilter.optional(),
    rotateSecret: z
      .literal(true, { error: 'rotateSecret must be true when given' })
      .optional()
      .describe('Issue a new signing secret (shown once, in this answer)'),
  })
  .refine((body) => body.url !== undefined || body.events !== undefined || body.rotateSecret !== undefined, {
    message: 'url, events or rotateSecret is required',
    path: ['url'],
  });

export const SessionWebhookParams = z.object({
  sessionId: SessionId,
  webhookId: z
    .string({ error: 'webhookId is required' })
    .regex(/^[1-9]\d{0,15}$/, 'webhookId must be the id of one of the session webhooks')
    .transform(Number),
});

export const SessionWebhook = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.string()),
  primary: z.boolean().describe('The first webhook: the one POST/GET/DELETE /webhook manage'),
  createdAt: z.string().describe('ISO 8601'),
  updatedAt: z.string().describe('ISO 8601'),
});

const WithSecret = SessionWebhook.extend({
  secret: z.string().describe('HMAC-SHA256 key for X-Webhook-Signature. Shown only when the webhook is created or its secret rotated.'),
});

export const SessionWebhookCreated = z.object({ status: z.literal('success'), message: z.string(), webhook: WithSecret });
export const SessionWebhookUpdated = z.object({
  status: z.literal('success'),
  message: z.string(),
  webhook: SessionWebhook.extend({ secret: WithSecret.shape.secret.optional() }),
});
export const SessionWebhookResponse = z.object({ status: z.literal('success'), webhook: SessionWebhook });
export const SessionWebhookList = z.object({ status: z.literal('success'), sessionId: z.string(), webhooks: z.array(SessionWebhook) });
