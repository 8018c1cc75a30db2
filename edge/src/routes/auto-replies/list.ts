import { createRoute } from '@hono/zod-openapi';
import { listRules, ruleView } from '../../auto-replies/rules.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { AutoReplyRuleList, SessionIdParam } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/auto-replies',
  tags: ['Auto-replies'],
  summary: "List a session's auto-reply rules",
  description: 'In the order they are tried: priority, then creation. The first enabled rule an incoming message matches answers it.',
  ...callerOnly(),
  request: { params: SessionIdParam },
  responses: { 200: jsonContent(AutoReplyRuleList, 'The rules'), ...errorResponses(400, 401, 403, 404) },
});

export function registerListAutoReplies(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { db } = c.var.deps;
    await requireSession(db, sessionId);
    const rows = await listRules(db, sessionId);
    return c.json({ status: 'success' as const, sessionId, rules: rows.map(ruleView) }, 200);
  });
}
