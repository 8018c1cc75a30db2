import { createRoute } from '@hono/zod-openapi';
import { randomToken } from '../../../../shared/src/crypto.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { setPrimaryWebhook } from '../../webhooks/session-webhooks.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SetWebhookBody, SetWebhookResponse } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'post',
  path: '/webhook',
  tags: ['Webhook'],
  summary: 'Set the webhook URL',
  description:
    'Sets the primary webhook (the first of `/sessions/{sessionId}/webhooks`; created for every event when the session has none). ' +
    'Every call issues a new signing secret for X-Webhook-Signature (HMAC-SHA256 of the raw body); it is shown only here.',
  ...callerOnly(),
  request: { body: jsonBody(SetWebhookBody) },
  responses: { 200: jsonContent(SetWebhookResponse, 'Webhook set'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPostWebhook(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, url } = c.req.valid('json');
    requireSessionAccess(c, sessionId);
    const { db, clock } = c.var.deps;
    await requireSession(db, sessionId);
    const secret = randomToken('whsec_');
    await setPrimaryWebhook(db, sessionId, url, secret, clock());
    return c.json({ status: 'success' as const, message: `Webhook URL for session ${sessionId} set.`, sessionId, url, secret }, 200);
  });
}
