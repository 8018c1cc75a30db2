import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GovernorView, SessionIdParam } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/governor',
  tags: ['Sessions'],
  summary: "The session's send governor: limits, today's counts, what holds sends back",
  description:
    'Limits in force (the gateway defaults with this session’s overrides; the daily cap lowered by the warm-up of a newly linked ' +
    'number), what was sent today and this hour in the session’s time zone, first-contact messages today, quiet hours, ' +
    'an auto-pause and its reason, and when the next message may go. Answered by the session host running the session (503 when none is).',
  ...callerOnly(),
  request: { params: SessionIdParam },
  responses: { 200: jsonContent(GovernorView, 'The governor now'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

export function registerGetGovernor(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    await requireSession(c.var.deps.db, sessionId);
    const view = await c.var.deps.host.command<GovernorView>(sessionId, 'governor', { action: 'view' });
    return c.json(view, 200);
  });
}
