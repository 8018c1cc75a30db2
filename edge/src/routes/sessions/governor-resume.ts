import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GovernorResumeResponse, SessionIdParam } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'post',
  path: '/sessions/{sessionId}/governor/resume',
  tags: ['Sessions'],
  summary: "Resume a session's sends after an auto-pause",
  description:
    'The send governor pauses a session’s sends and campaigns on danger signals (WhatsApp refusing sends, too many failures). ' +
    'Resuming forgets the signals counted so far and lets the held messages go, each once. Quiet hours and caps still apply.',
  ...callerOnly(),
  request: { params: SessionIdParam },
  responses: { 200: jsonContent(GovernorResumeResponse, 'Resumed (or was not paused)'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

export function registerResumeGovernor(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    await requireSession(c.var.deps.db, sessionId);
    const { resumed } = await c.var.deps.host.command<{ resumed: boolean }>(sessionId, 'governor', { action: 'resume' });
    const message = resumed ? `Sends of session ${sessionId} resumed.` : `Sends of session ${sessionId} were not paused.`;
    return c.json({ status: 'success' as const, message, sessionId }, 200);
  });
}
