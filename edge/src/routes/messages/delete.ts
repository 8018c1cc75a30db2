import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { DeleteMessageBody, SuccessMessage } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'delete',
  path: '/message',
  tags: ['Messages'],
  summary: 'Delete a sent message for everyone',
  ...callerOnly(),
  request: { body: jsonBody(DeleteMessageBody) },
  responses: { 200: jsonContent(SuccessMessage, 'Revoke sent'), ...errorResponses(400, 401, 403, 409, 503) },
});

export function registerDeleteMessage(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, remoteJid, messageId } = c.req.valid('json');
    if (!sessionId || !remoteJid || !messageId) throw new ApiError(400, 'sessionId, messageId, and remoteJid are required.');
    requireSessionAccess(c, sessionId);
    await c.var.deps.host.command(sessionId, 'revoke', { remoteJid, messageId });
    return c.json({ status: 'success' as const, message: `Attempted to delete message ${messageId}` }, 200);
  });
}
