import { createRoute } from '@hono/zod-openapi';
import { aiReplyChats } from '../../../../shared/src/db/schema.js';
import { aiChatView } from '../../ai-replies/ai-views.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { effectiveCountry } from '../../phone/default-country.js';
import { requireSession } from '../../sessions/require-session.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { oneToOneChatJid } from './chat-jid.js';
import { AiChatBody, AiChatParams, AiChatView } from './schema.js';

const route = createRoute({
  method: 'put',
  path: '/sessions/{sessionId}/chats/{chatId}/ai',
  tags: ['AI replies'],
  summary: 'A human takes the chat over from the AI, or hands it back',
  description:
    '`{ "enabled": false }`: the AI stays silent in this chat until it is handed back. `{ "enabled": true }`: the AI answers it ' +
    'again; only operator messages after this moment take it over again.',
  ...callerOnly(),
  request: { params: AiChatParams, body: jsonBody(AiChatBody) },
  responses: { 200: jsonContent(AiChatView, 'The chat now'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPutAiChat(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, chatId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { enabled } = c.req.valid('json');
    const deps = c.var.deps;
    const session = await requireSession(deps.db, sessionId);
    const chatJid = oneToOneChatJid(chatId, effectiveCountry(deps, session.defaultCountry));
    const now = deps.clock();
    // The host reads this row before each reply, so it needs no word of the change.
    const change = enabled
      ? { takenOverAt: null, takenOverBy: null, handedBackAt: now, updatedAt: now }
      : { takenOverAt: now, takenOverBy: 'switch', updatedAt: now };
    await deps.db
      .insert(aiReplyChats)
      .values({ sessionId, chatJid, ...change })
      .onConflictDoUpdate({ target: [aiReplyChats.sessionId, aiReplyChats.chatJid], set: change });
    return c.json(await aiChatView(deps.db, sessionId, chatJid), 200);
  });
}
