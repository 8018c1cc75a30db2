import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { chatPage } from '../../messages/chat-list.js';
import { displayContent } from '../../messages/display-content.js';
import { requireSession } from '../../sessions/require-session.js';
import { callerOnly } from '../caller.js';
import { cursorPage } from '../paging.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { ListChatsQuery, ListChatsResponse, SessionIdParam } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/chats',
  tags: ['Chats'],
  summary: "List a session's chats",
  description:
    'Every chat the session sent to or received from, the one with the latest message first: the contact (number and ' +
    "push name, when known) or the group's subject, the last message with what it shows, and how many messages arrived " +
    'after the last one marked read (POST /chats/read). Page with `cursor` = the previous `nextCursor`; read a chat with ' +
    'GET /messages?chatId=.',
  ...callerOnly(),
  request: { params: SessionIdParam, query: ListChatsQuery },
  responses: { 200: jsonContent(ListChatsResponse, 'A page of chats'), ...errorResponses(400, 401, 403, 404) },
});

const phoneOf = (jid: string) => (jid.endsWith('@s.whatsapp.net') ? jid.slice(0, jid.indexOf('@')) : null);

export function registerListChats(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    requireSessionAccess(c, sessionId);
    const { db } = c.var.deps;
    await requireSession(db, sessionId);
    const rows = await chatPage(db, sessionId, limit + 1, cursor ? Number(cursor) : null);
    const { page, nextCursor } = cursorPage(
      rows.map((row) => ({ ...row, id: row.lastId })),
      limit,
    );
    const chats = page.map((row) => ({
      chatId: row.remoteJid,
      phone: row.phone ?? phoneOf(row.remoteJid),
      name: row.subject ?? row.pushName,
      unreadCount: row.unread,
      lastMessage: {
        id: row.waMessageId,
        direction: row.direction,
        type: row.type,
        status: row.status,
        createdAt: new Date(row.createdAt).toISOString(),
        content: displayContent(row.direction, row.type, row.payload),
      },
    }));
    return c.json({ status: 'success' as const, chats, nextCursor }, 200);
  });
}
