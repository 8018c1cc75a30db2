import { createRoute } from '@hono/zod-openapi';
import { and, desc, eq, lt } from 'drizzle-orm';
import { webhookOutbox } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { cursorPage } from '../paging.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { eventItem } from './rows.js';
import { WebhookEventsQuery, WebhookEventsResponse } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/webhook/events',
  tags: ['Webhook'],
  summary: 'List webhook events',
  description:
    'The deliveries queued for the session webhooks (one per webhook an event goes to; `webhookId` picks one), newest first: `pending` (waiting or being retried), ' +
    '`delivered`, or `dead` (gave up after 24 h of failures, or the webhook was removed). Page with ' +
    '`cursor` = the previous `nextCursor`.',
  ...callerOnly(),
  request: { query: WebhookEventsQuery },
  responses: { 200: jsonContent(WebhookEventsResponse, 'A page of events'), ...errorResponses(400, 401, 403, 404) },
});

export function registerListWebhookEvents(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, status, webhookId, limit, cursor } = c.req.valid('query');
    requireSessionAccess(c, sessionId);
    const { db } = c.var.deps;
    await requireSession(db, sessionId);
    const rows = await db
      .select()
      .from(webhookOutbox)
      .where(
        and(
          eq(webhookOutbox.sessionId, sessionId),
          status ? eq(webhookOutbox.status, status) : undefined,
          webhookId ? eq(webhookOutbox.webhookId, webhookId) : undefined,
          cursor ? lt(webhookOutbox.id, Number(cursor)) : undefined,
        ),
      )
      .orderBy(desc(webhookOutbox.id))
      .limit(limit + 1);
    const { page, nextCursor } = cursorPage(rows, limit);
    return c.json({ status: 'success' as const, events: page.map(eventItem), nextCursor }, 200);
  });
}
