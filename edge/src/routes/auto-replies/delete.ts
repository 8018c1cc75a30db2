import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { autoReplyRules } from '../../../../shared/src/db/schema.js';
import { rulesChanged } from '../../auto-replies/rules.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { AutoReplyRuleParams, SuccessMessage } from './schema.js';

const route = createRoute({
  method: 'delete',
  path: '/sessions/{sessionId}/auto-replies/{ruleId}',
  tags: ['Auto-replies'],
  summary: 'Delete an auto-reply rule',
  description: 'Replies it already queued are still sent.',
  ...callerOnly(),
  request: { params: AutoReplyRuleParams },
  responses: { 200: jsonContent(SuccessMessage, 'Deleted'), ...errorResponses(400, 401, 403, 404) },
});

export function registerDeleteAutoReply(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, ruleId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { db, host } = c.var.deps;
    const deleted = await db
      .delete(autoReplyRules)
      .where(and(eq(autoReplyRules.sessionId, sessionId), eq(autoReplyRules.id, ruleId)))
      .returning({ id: autoReplyRules.id });
    if (deleted.length === 0) throw new ApiError(404, `Auto-reply rule ${ruleId} of session ${sessionId} not found.`);
    await rulesChanged(host, sessionId);
    return c.json({ status: 'success' as const, message: `Auto-reply rule ${ruleId} of session ${sessionId} deleted.` }, 200);
  });
}
