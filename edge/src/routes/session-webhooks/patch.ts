import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { randomToken } from '../../../../shared/src/crypto.js';
import { sessionWebhooks } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { requireWebhook, webhookItem } from '../../webhooks/session-webhooks.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionWebhookParams, SessionWebhookUpdated, UpdateSessionWebhookBody } from './schema.js';

const route = createRoute({
  method: 'patch',
  path: '/sessions/{sessionId}/webhooks/{webhookId}',
  tags: ['Webhook'],
  summary: 'Change a webhook',
  description:
    'Any of `url`, `events`, and `rotateSecret: true` (a new signing secret, shown only in this answer). Events already ' +
    'queued for this webhook go to its new URL, signed with its current secret; a new filter applies to events from now on.',
  ...callerOnly(),
  request: { params: SessionWebhookParams, body: jsonBody(UpdateSessionWebhookBody) },
  responses: { 200: jsonContent(SessionWebhookUpdated, 'Changed'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPatchSessionWebhook(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, webhookId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { url, events, rotateSecret } = c.req.valid('json');
    const { db, clock } = c.var.deps;
    const secret = rotateSecret ? randomToken('whsec_') : undefined;
    const [row] = await db
      .update(sessionWebhooks)
      .set({ url, secret, events: events && JSON.stringify(events), updatedAt: clock() })
      .where(and(eq(sessionWebhooks.sessionId, sessionId), eq(sessionWebhooks.id, webhookId)))
      .returning();
    if (!row) throw new ApiError(404, `Webhook ${webhookId} of session ${sessionId} not found.`);
    const { primaryId } = await requireWebhook(db, sessionId, webhookId);
    const webhook = { ...webhookItem(row, primaryId), ...(secret ? { secret } : {}) };
    return c.json({ status: 'success' as const, message: `Webhook ${webhookId} of session ${sessionId} updated.`, webhook }, 200);
  });
}
