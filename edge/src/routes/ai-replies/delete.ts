import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { aiReplyChats, aiReplyConfigs } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionIdParam, SuccessMessage } from './schema.js';

const route = createRoute({
  method: 'delete',
  path: '/sessions/{sessionId}/ai',
  tags: ['AI replies'],
  summary: "Remove the session's AI replies",
  description:
    'Forgets the endpoint, its key and the chats’ takeovers; the AI stops answering at once. Anyone who may use the session may ' +
    'do this (stopping reaches nothing); setting it up again needs the master key or an admin.',
  ...callerOnly(),
  request: { params: SessionIdParam },
  responses: { 200: jsonContent(SuccessMessage, 'Removed'), ...errorResponses(400, 401, 403, 404) },
});

export function registerDeleteAiReplies(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { db, host } = c.var.deps;
    await requireSession(db, sessionId);
    await db.batch([
      db.delete(aiReplyConfigs).where(eq(aiReplyConfigs.sessionId, sessionId)),
      db.delete(aiReplyChats).where(eq(aiReplyChats.sessionId, sessionId)),
    ]);
    await host.command(sessionId, 'ai', { action: 'reload' }).catch(() => undefined);
    return c.json({ status: 'success' as const, message: `Session ${sessionId} has no AI replies.` }, 200);
  });
}
