import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { AutoReplyRuleMerged } from '../../../../shared/src/api/auto-replies.js';
import { autoReplyRules } from '../../../../shared/src/db/schema.js';
import { requireRule, requireSendableReply, ruleColumns, ruleInput, ruleView, rulesChanged } from '../../auto-replies/rules.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError, validationError } from '../../errors.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { AutoReplyRuleChanged, AutoReplyRuleParams, AutoReplyRulePatch } from './schema.js';

const route = createRoute({
  method: 'patch',
  path: '/sessions/{sessionId}/auto-replies/{ruleId}',
  tags: ['Auto-replies'],
  summary: 'Change an auto-reply rule',
  description: 'Any of its fields, e.g. `{ "enabled": false }`; the rule that results must be valid as a whole. Applies to messages from now on.',
  ...callerOnly(),
  request: { params: AutoReplyRuleParams, body: jsonBody(AutoReplyRulePatch) },
  responses: { 200: jsonContent(AutoReplyRuleChanged, 'Changed'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPatchAutoReply(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, ruleId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const patch = c.req.valid('json');
    const { db, clock, host } = c.var.deps;
    const current = await requireRule(db, sessionId, ruleId);
    const merged = AutoReplyRuleMerged.safeParse({ ...ruleInput(current), ...patch });
    if (!merged.success) throw validationError(merged.error);
    if (patch.reply) await requireSendableReply(c.var.deps, sessionId, merged.data.reply);
    const [row] = await db
      .update(autoReplyRules)
      .set({ ...ruleColumns(merged.data), updatedAt: clock() })
      .where(and(eq(autoReplyRules.sessionId, sessionId), eq(autoReplyRules.id, ruleId)))
      .returning();
    if (!row) throw new ApiError(404, `Auto-reply rule ${ruleId} of session ${sessionId} not found.`);
    await rulesChanged(host, sessionId);
    return c.json({ status: 'success' as const, message: `Auto-reply rule ${ruleId} of session ${sessionId} updated.`, rule: ruleView(row) }, 200);
  });
}
