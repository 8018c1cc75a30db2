import { createRoute } from '@hono/zod-openapi';
import { requireRule, ruleView } from '../../auto-replies/rules.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { AutoReplyRuleParams, AutoReplyRuleResponse } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/auto-replies/{ruleId}',
  tags: ['Auto-replies'],
  summary: 'Get an auto-reply rule',
  ...callerOnly(),
  request: { params: AutoReplyRuleParams },
  responses: { 200: jsonContent(AutoReplyRuleResponse, 'The rule'), ...errorResponses(400, 401, 403, 404) },
});

export function registerGetAutoReply(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, ruleId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const row = await requireRule(c.var.deps.db, sessionId, ruleId);
    return c.json({ status: 'success' as const, rule: ruleView(row) }, 200);
  });
}
