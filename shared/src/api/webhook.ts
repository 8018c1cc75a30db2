import { z } from 'zod';
import { SessionId, httpUrl } from './common.js';

export const WebhookUrl = httpUrl('url');

export const SetWebhookBody = z.object({ sessionId: SessionId, url: WebhookUrl });
export const DeleteWebhookBody = z.object({ sessionId: SessionId });
export const WebhookQuery = z.object({ sessionId: SessionId });

export const SetWebhookResponse = z.object({
  status: z.literal('success'),
  message: z.string(),
  sessionId: z.string(),
  url: z.string(),
  secret: z.string().describe('HMAC-SHA256 key for X-Webhook-Signature. Returned only when the webhook is set.'),
});

export const GetWebhookResponse = z.object({ status: z.literal('success'), sessionId: z.string(), url: z.string().nullable() });
