import { createRoute } from '@hono/zod-openapi';
import { aiConfigView } from '../../ai-replies/ai-views.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { AiReplyConfigView, SessionIdParam } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/ai',
  tags: ['AI replies'],
  summary: "The session's AI replies: endpoint, model, limits, today's count, the last error",
  description:
    'The settings (the API key only as `hasKey`), how many AI replies went out since midnight UTC, and the last failed attempt ' +
    '(endpoint down, slow or answering nonsense, the daily cap reached). `configured: false` when none are set.',
  ...callerOnly(),
  request: { params: SessionIdParam },
  responses: { 200: jsonContent(AiReplyConfigView, 'The settings'), ...errorResponses(400, 401, 403, 404) },
});

export function registerGetAiReplies(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { db, clock } = c.var.deps;
    await requireSession(db, sessionId);
    return c.json(await aiConfigView(db, sessionId, clock()), 200);
  });
}
