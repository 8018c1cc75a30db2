import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { primaryWebhookUrl } from '../../webhooks/session-webhooks.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GetWebhookResponse, WebhookQuery } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/webhook',
  tags: ['Webhook'],
  summary: 'Get the webhook URL',
  description: 'The primary webhook (the first of `/sessions/{sessionId}/webhooks`); `url` is null when no webhook is set.',
  ...callerOnly(),
  request: { query: WebhookQuery },
  responses: { 200: jsonContent(GetWebhookResponse, 'The webhook'), ...errorResponses(400, 401, 403, 404) },
});

export function registerGetWebhook(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('query');
    requireSessionAccess(c, sessionId);
    const { db } = c.var.deps;
    await requireSession(db, sessionId);
    return c.json({ status: 'success' as const, sessionId, url: await primaryWebhookUrl(db, sessionId) }, 200);
  });
}
