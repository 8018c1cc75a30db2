// Request and response shapes of the webhook event log. Kept here rather than in shared/ because
// only the edge serves them; the session host writes the rows through shared/src/events.ts.
import { z } from '@hono/zod-openapi';
import { SessionId } from '../../../../shared/src/api/common.js';
import { NextCursor, cursorPageQuery } from '../paging.js';

export { SuccessMessage } from '../../../../shared/src/api/common.js';

export const WEBHOOK_EVENT_STATUSES = ['pending', 'delivered', 'dead'] as const;

export const WebhookEventsQuery = z.object({
  sessionId: SessionId,
  status: z
    .enum(WEBHOOK_EVENT_STATUSES, { error: `status must be one of ${WEBHOOK_EVENT_STATUSES.join(', ')}` })
    .optional()
    .openapi({ description: 'Only events in this state. Default: all.' }),
  webhookId: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'webhookId must be the id of one of the session webhooks')
    .transform(Number)
    .optional()
    .openapi({ description: 'Only deliveries to this webhook. Default: all.' }),
  ...cursorPageQuery,
});

export const EventIdParam = z.object({
  eventId: z
    .string({ error: 'eventId is required' })
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'eventId must be the id of a webhook event (X-Webhook-Id)')
    .openapi({ param: { name: 'eventId', in: 'path' } }),
});

export const WebhookEventItem = z.object({
  id: z.string().describe('The delivery id, also sent as X-Webhook-Id and in the body'),
  event: z.string(),
  webhookId: z.number().int().nullable().describe('The webhook it goes to (GET /sessions/{sessionId}/webhooks)'),
  seq: z.number().int().nullable().describe("The event's sequence number in its session; null for events stored before sequence numbers"),
  status: z.enum(WEBHOOK_EVENT_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable().describe('Why the last attempt failed: "HTTP <status>", a network reason, or "webhook removed"'),
  createdAt: z.string().describe('ISO 8601'),
  deliveredAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe('When a pending event is tried next; null otherwise'),
  payload: z.unknown().describe('The JSON body that is (or was) delivered'),
});

export const WebhookEventsResponse = z.object({
  status: z.literal('success'),
  events: z.array(WebhookEventItem),
  nextCursor: NextCursor,
});
