import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { sessionWebhooks } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionWebhookParams, SuccessMessage } from './schema.js';

const route = createRoute({
  method: 'delete',
  path: '/sessions/{sessionId}/webhooks/{webhookId}',
  tags: ['Webhook'],
  summary: 'Delete a webhook',
  description:
    "Its pending events go dead ('webhook removed'); the session's other webhooks are not affected. Deleting the primary " +
    'makes the next oldest the primary.',
  ...callerOnly(),
  request: { params: SessionWebhookParams },
  responses: { 200: jsonContent(SuccessMessage, 'Deleted'), ...errorResponses(400, 401, 403, 404) },
});

export function registerDeleteSessionWebhook(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, webhookId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const deleted = await c.var.deps.db
      .delete(sessionWebhooks)
      .where(and(eq(sessionWebhooks.sessionId, sessionId), eq(sessionWebhooks.id, webhookId)))
      .returning({ id: sessionWebhooks.id });
    if (deleted.length === 0) throw new ApiError(404, `Webhook ${webhookId} of session ${sessionId} not found.`);
    return c.json({ status: 'success' as const, message: `Webhook ${webhookId} of session ${sessionId} deleted.` }, 200);
  });
}
