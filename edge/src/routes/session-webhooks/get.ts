import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireWebhook, webhookItem } from '../../webhooks/session-webhooks.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionWebhookParams, SessionWebhookResponse } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/webhooks/{webhookId}',
  tags: ['Webhook'],
  summary: 'Get a webhook',
  description: 'Its URL and event filter; the secret is shown only when created or rotated.',
  ...callerOnly(),
  request: { params: SessionWebhookParams },
  responses: { 200: jsonContent(SessionWebhookResponse, 'The webhook'), ...errorResponses(400, 401, 403, 404) },
});

export function registerGetSessionWebhook(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, webhookId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { row, primaryId } = await requireWebhook(c.var.deps.db, sessionId, webhookId);
    return c.json({ status: 'success' as const, webhook: webhookItem(row, primaryId) }, 200);
  });
}
