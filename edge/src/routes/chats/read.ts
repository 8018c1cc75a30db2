import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { markChatRead } from '../../messages/chat-list.js';
import { requireConnectedSession } from '../../messages/enqueue.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { callerOnly } from '../caller.js';
import { chatJid } from './chat-jid.js';
import { keysForIds, keysUpTo } from './read-keys.js';
import { ReadChatBody, ReadChatResponse } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/chats/read',
  tags: ['Chats'],
  summary: 'Mark received messages read',
  description:
    'Sends a read receipt (the blue ticks) for `messageIds` of the chat, or for every received message ' +
    'of the chat up to and including `upTo` (at most the latest 100), like the Cloud API\'s `{ "status": ' +
    '"read", "message_id" }`. The contact sees them read unless the account hides read receipts. The ' +
    "session must be connected (404 otherwise, as for sending). The chat's unread count (GET /sessions/{sessionId}/chats) " +
    'then counts only messages received after the latest one marked.',
  ...callerOnly(),
  request: { body: jsonBody(ReadChatBody) },
  responses: { 200: jsonContent(ReadChatResponse, 'Read receipt sent'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

export function registerReadChat(router: Router) {
  return router.openapi(route, async (c) => {
    const body = c.req.valid('json');
    requireSessionAccess(c, body.sessionId);
    const deps = c.var.deps;
    const { defaultCountry } = await requireConnectedSession(deps, body.sessionId, c.var.principal);
    const chat = chatJid(body.chatId, defaultCountry);
    const keys = body.upTo ? await keysUpTo(deps, body.sessionId, chat, body.upTo) : await keysForIds(deps, body.sessionId, chat, body.messageIds ?? []);
    await deps.host.command(body.sessionId, 'read', { keys });
    const messageIds = keys.map((key) => key.id);
    await markChatRead(deps.db, body.sessionId, chat, messageIds);
    return c.json({ status: 'success' as const, message: `Marked ${messageIds.length} message(s) read in ${chat}.`, chatId: chat, messageIds }, 200);
  });
}
