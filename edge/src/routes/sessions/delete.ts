import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { deleteSessionData } from '../../sessions/delete-session-data.js';
import { requireSession } from '../../sessions/require-session.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionIdParam, SuccessMessage } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'delete',
  path: '/sessions/{sessionId}',
  tags: ['Sessions'],
  summary: 'Delete a session and all its data',
  description: 'Logs the session out, then removes its auth state, webhook, queued messages, media, lists and campaigns.',
  ...callerOnly(),
  request: { params: SessionIdParam },
  responses: { 200: jsonContent(SuccessMessage, 'Deleted'), ...errorResponses(400, 401, 403, 404) },
});

export function registerDeleteSession(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { db, host } = c.var.deps;
    await requireSession(db, sessionId);
    await host.stopSession(sessionId, { logout: true });
    await deleteSessionData(c.var.deps, sessionId);
    return c.json({ status: 'success' as const, message: `Session ${sessionId} deleted.` }, 200);
  });
}
