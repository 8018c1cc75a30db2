import { z } from 'zod';
import { SessionId } from './common.js';

export const WebhookUrl = z
  .string({ error: 'url is required' })
  .max(2048, 'url must be at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'url must be an absolute http(s) URL');

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
