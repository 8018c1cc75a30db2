import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { listWebhooks, webhookItem } from '../../webhooks/session-webhooks.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionIdParam, SessionWebhookList } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/webhooks',
  tags: ['Webhook'],
  summary: "List a session's webhooks",
  description: 'Oldest first; the first is the primary webhook, the one `POST/GET/DELETE /webhook` manage. Secrets are never shown here.',
  ...callerOnly(),
  request: { params: SessionIdParam },
  responses: { 200: jsonContent(SessionWebhookList, 'The webhooks'), ...errorResponses(400, 401, 403, 404) },
});

export function registerListSessionWebhooks(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { db } = c.var.deps;
    await requireSession(db, sessionId);
    const rows = await listWebhooks(db, sessionId);
    return c.json({ status: 'success' as const, sessionId, webhooks: rows.map((row) => webhookItem(row, rows[0]?.id)) }, 200);
  });
}
