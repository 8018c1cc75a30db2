import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { sessions } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { sessionSummary } from '../../sessions/session-summary.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionIdParam, SessionSummary } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}',
  tags: ['Sessions'],
  summary: 'One session in full',
  description:
    'Status and `detail` (after a transient close: the cause and when the next reconnect attempt starts), the QR while one ' +
    'waits, the default country and the proxy (protocol and host only); `token` for the master key or an admin.',
  ...callerOnly(),
  request: { params: SessionIdParam },
  responses: { 200: jsonContent(SessionSummary, 'The session'), ...errorResponses(400, 401, 403, 404) },
});

export function registerGetSession(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    const principal = requireSessionAccess(c, sessionId);
    const [row] = await c.var.deps.db.select().from(sessions).where(eq(sessions.id, sessionId));
    if (!row) throw new ApiError(404, `Session ${sessionId} not found.`);
    return c.json(await sessionSummary(row, principal, c.var.deps.config), 200);
  });
}
