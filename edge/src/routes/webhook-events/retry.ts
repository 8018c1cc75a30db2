import { createRoute } from '@hono/zod-openapi';
import { and, eq, inArray } from 'drizzle-orm';
import { webhookOutbox } from '../../../../shared/src/db/schema.js';
import { requirePrincipal, requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { retryTarget } from '../../webhooks/session-webhooks.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { EventIdParam, SuccessMessage } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'post',
  path: '/webhook/events/{eventId}/retry',
  tags: ['Webhook'],
  summary: 'Retry a webhook event',
  description:
    'Puts a dead (or pending) event back in its webhook’s queue to be tried at once, in order with that webhook’s ' +
    'other pending events (once its webhook was removed: the primary webhook’s, if its filter takes the event). Its age is not reset: an event older than 24 h gets one more attempt and goes ' +
    'dead again if that fails.',
  ...callerOnly(),
  request: { params: EventIdParam },
  responses: { 200: jsonContent(SuccessMessage, 'Queued'), ...errorResponses(400, 401, 403, 404, 409) },
});

export function registerRetryWebhookEvent(router: Router) {
  return router.openapi(route, async (c) => {
    const { eventId } = c.req.valid('param');
    requirePrincipal(c);
    const { db, clock } = c.var.deps;
    const [row] = await db
      .select({
        sessionId: webhookOutbox.sessionId,
        webhookId: webhookOutbox.webhookId,
        event: webhookOutbox.event,
        seq: webhookOutbox.seq,
        status: webhookOutbox.status,
      })
      .from(webhookOutbox)
      .where(eq(webhookOutbox.eventId, eventId));
    if (!row) throw new ApiError(404, `Webhook event ${eventId} not found.`);
    requireSessionAccess(c, row.sessionId);
    if (row.status === 'delivered') throw new ApiError(409, `Webhook event ${eventId} was already delivered.`);
    const webhookId = await retryTarget(db, row);
    // Without a webhook the dispatcher would mark it dead again at once.
    if (webhookId === undefined) {
      throw new ApiError(409, `Session ${row.sessionId} has no webhook for this event any more; set one with POST /webhook before retrying.`);
    }
    // The status condition keeps a delivery that finished meanwhile from being queued again.
    const updated = await db
      .update(webhookOutbox)
      .set({ status: 'pending', nextAttemptAt: clock(), webhookId })
      .where(and(eq(webhookOutbox.eventId, eventId), inArray(webhookOutbox.status, ['pending', 'dead'])))
      .returning({ id: webhookOutbox.id });
    if (updated.length === 0) throw new ApiError(409, `Webhook event ${eventId} was already delivered.`);
    return c.json({ status: 'success' as const, message: `Webhook event ${eventId} queued for delivery.` }, 200);
  });
}
