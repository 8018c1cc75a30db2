import { createRoute } from '@hono/zod-openapi';
import { MAX_WEBHOOKS_PER_SESSION } from '../../../../shared/src/api/session-webhooks.js';
import { randomToken } from '../../../../shared/src/crypto.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { addWebhook, listWebhooks, webhookItem } from '../../webhooks/session-webhooks.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { CreateSessionWebhookBody, SessionIdParam, SessionWebhookCreated } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/sessions/{sessionId}/webhooks',
  tags: ['Webhook'],
  summary: 'Add a webhook',
  description:
    `Each webhook gets the session's events its \`events\` filter names (default \`["*"]\`: all), signed with its own secret, ` +
    'which is shown only in this answer. Each is its own queue: one receiver that is down holds up only itself. ' +
    `At most ${MAX_WEBHOOKS_PER_SESSION} per session (400 past that).`,
  ...callerOnly(),
  request: { params: SessionIdParam, body: jsonBody(CreateSessionWebhookBody) },
  responses: { 201: jsonContent(SessionWebhookCreated, 'Added'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPostSessionWebhook(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { url, events = ['*'] } = c.req.valid('json');
    const { db, clock } = c.var.deps;
    await requireSession(db, sessionId);
    const row = await addWebhook(db, { sessionId, url, secret: randomToken('whsec_'), events, now: clock() });
    const primaryId = (await listWebhooks(db, sessionId))[0]?.id;
    const webhook = { ...webhookItem(row, primaryId), secret: row.secret };
    return c.json({ status: 'success' as const, message: `Webhook ${row.id} added to session ${sessionId}.`, webhook }, 201);
  });
}
