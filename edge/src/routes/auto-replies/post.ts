import { createRoute } from '@hono/zod-openapi';
import { MAX_AUTO_REPLY_RULES } from '../../../../shared/src/api/auto-replies.js';
import { addRule, requireSendableReply, ruleView, rulesChanged } from '../../auto-replies/rules.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { AutoReplyRuleChanged, AutoReplyRuleInput, SessionIdParam } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/sessions/{sessionId}/auto-replies',
  tags: ['Auto-replies'],
  summary: 'Add an auto-reply rule',
  description:
    'Answers incoming 1:1 messages (group chats only with `groups: true`; never the account’s own messages or status broadcasts) ' +
    'that match, through the send queue like any send: governor, retries, statuses and webhooks apply, and the message row has ' +
    '`origin: "auto_reply"`. After any auto-reply to a contact, none goes to it for `cooldownSeconds`. ' +
    `At most ${MAX_AUTO_REPLY_RULES} rules per session (400 past that).`,
  ...callerOnly(),
  request: { params: SessionIdParam, body: jsonBody(AutoReplyRuleInput) },
  responses: { 201: jsonContent(AutoReplyRuleChanged, 'Added'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPostAutoReply(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const rule = c.req.valid('json');
    const { db, clock, host } = c.var.deps;
    await requireSession(db, sessionId);
    await requireSendableReply(c.var.deps, sessionId, rule.reply);
    const row = await addRule(db, sessionId, rule, clock());
    await rulesChanged(host, sessionId);
    return c.json({ status: 'success' as const, message: `Auto-reply rule ${row.id} added to session ${sessionId}.`, rule: ruleView(row) }, 201);
  });
}
