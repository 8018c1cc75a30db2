import { createRoute } from '@hono/zod-openapi';
import { aiChatView } from '../../ai-replies/ai-views.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { effectiveCountry } from '../../phone/default-country.js';
import { requireSession } from '../../sessions/require-session.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { oneToOneChatJid } from './chat-jid.js';
import { AiChatParams, AiChatView } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/chats/{chatId}/ai',
  tags: ['AI replies'],
  summary: 'Whether the AI answers this chat, or a human took it over',
  description: 'A human takes a chat over with PUT …/ai `{ "enabled": false }` or by writing in it (POST /messages) while the AI is on.',
  ...callerOnly(),
  request: { params: AiChatParams },
  responses: { 200: jsonContent(AiChatView, 'The chat'), ...errorResponses(400, 401, 403, 404) },
});

export function registerGetAiChat(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, chatId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const deps = c.var.deps;
    const session = await requireSession(deps.db, sessionId);
    return c.json(await aiChatView(deps.db, sessionId, oneToOneChatJid(chatId, effectiveCountry(deps, session.defaultCountry))), 200);
  });
}
