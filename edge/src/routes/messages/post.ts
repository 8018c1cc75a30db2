import { createRoute, z } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { enqueueMessages, requireConnectedSession } from '../../messages/enqueue.js';
import { normalizeRecipients, validateItems } from '../../messages/validate-items.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { MessageResult, SendMessagesBody, SendMessagesQuery } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'post',
  path: '/messages',
  tags: ['Messages'],
  summary: 'Send messages',
  description:
    'Text, image, document, video, audio (`voice: true` for a voice note), sticker, location, contacts, ' +
    'reaction or poll, shaped like the WhatsApp Cloud API message objects; `context.message_id` replies ' +
    'to a message, `mentions` lists numbers the text mentions as `@<number>`. One object or an array of ' +
    'at most 100. Every accepted message is stored before the answer and sent by the session host ' +
    'through its rate-limited queue; the answer has one entry per item, in order, with the WhatsApp ' +
    'message id. An `Idempotency-Key` header makes a retried request return the first answer instead of ' +
    'sending again. Status changes (sent, delivered, read, failed) arrive as `message.status` webhook ' +
    'events.',
  ...callerOnly(),
  request: {
    query: SendMessagesQuery,
    headers: z.object({ 'idempotency-key': z.string().max(255).optional().openapi({ description: 'Any unique string per logical request' }) }),
    body: { content: { 'application/json': { schema: SendMessagesBody } }, required: true },
  },
  responses: { 200: jsonContent(z.array(MessageResult), 'One result per message, in request order'), ...errorResponses(400, 401, 403, 404, 409) },
});

export function registerPostMessages(router: Router) {
  return router.openapi(route, async (c) => {
    const sessionId = c.req.valid('query').sessionId;
    if (!sessionId) throw new ApiError(400, 'sessionId query parameter is required');
    requireSessionAccess(c, sessionId);
    const raw = await c.req.text();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new ApiError(400, 'The body must be JSON: a message object or an array of messages.');
    }
    const parsed = validateItems(body);
    const { defaultCountry } = await requireConnectedSession(c.var.deps, sessionId, c.var.principal);
    const items = normalizeRecipients(parsed, defaultCountry);
    const key = c.req.valid('header')['idempotency-key'];
    const results = await enqueueMessages(c.var.deps, sessionId, items, key ? { key, requestBody: raw } : undefined, (work) => c.executionCtx.waitUntil(work));
    return c.json(results, 200);
  });
}
