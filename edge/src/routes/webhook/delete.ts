import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { deletePrimaryWebhook } from '../../webhooks/session-webhooks.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { DeleteWebhookBody, SuccessMessage } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'delete',
  path: '/webhook',
  tags: ['Webhook'],
  summary: 'Delete the webhook',
  description: 'Deletes the primary webhook (the first of `/sessions/{sessionId}/webhooks`); with no other webhook, no events are sent until a new one is set.',
  ...callerOnly(),
  request: { body: jsonBody(DeleteWebhookBody) },
  responses: { 200: jsonContent(SuccessMessage, 'Deleted'), ...errorResponses(400, 401, 403, 404) },
});

export function registerDeleteWebhook(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('json');
    requireSessionAccess(c, sessionId);
    const { db } = c.var.deps;
    await requireSession(db, sessionId);
    await deletePrimaryWebhook(db, sessionId);
    return c.json({ status: 'success' as const, message: `Webhook for session ${sessionId} deleted.` }, 200);
  });
}
