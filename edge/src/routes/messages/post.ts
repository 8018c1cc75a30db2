import { createRoute, z } from '@hono/zod-openapi';
import { sessionPrincipal } from '../../auth/authenticate.js';
import { type Principal, requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { enqueueMessages, requireConnectedSession, StaleSessionToken } from '../../messages/enqueue.js';
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
    const key = c.req.valid('header')['idempotency-key'];
    const accept = async (principal: Principal | null) => {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new ApiError(400, 'The body must be JSON: a message object or an array of messages.');
      }
      const parsed = validateItems(body);
      const { defaultCountry } = await requireConnectedSession(c.var.deps, sessionId, principal);
      const recheck =
        principal?.kind === 'session' && principal.recheckToken
          ? { tokenHash: principal.recheckToken, defaultCountry: principal.defaultCountry ?? null }
          : undefined;
      return enqueueMessages(c.var.deps, sessionId, normalizeRecipients(parsed, defaultCountry), {
        idempotency: key ? { key, requestBody: raw } : undefined,
        waitUntil: (work) => c.executionCtx.waitUntil(work),
        recheck,
      });
    };
    try {
      return c.json(await accept(c.var.principal), 200);
    } catch (err) {
      const principal = c.var.principal;
      if (principal?.kind !== 'session' || !principal.recheckToken) throw err;
      // A token recalled instead of read gets no answer but a write: before a refusal, or a retry
      // when the write found the token or its session changed, the token is read afresh, and a
      // revoked one is a 401 as it would have been.
      c.var.deps.tokens.forget(principal.recheckToken);
      c.set('principal', await sessionPrincipal(c.var.deps, principal.recheckToken));
      requireSessionAccess(c, sessionId);
      if (!(err instanceof StaleSessionToken)) throw err;
      return c.json(await accept(c.var.principal), 200);
    }
  });
}
