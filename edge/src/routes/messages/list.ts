import { createRoute } from '@hono/zod-openapi';
import { and, desc, eq, lt } from 'drizzle-orm';
import { messages } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { displayContent } from '../../messages/display-content.js';
import { effectiveCountry } from '../../phone/default-country.js';
import { chatJid } from '../chats/chat-jid.js';
import { cursorPage } from '../paging.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { ListMessagesQuery, ListMessagesResponse } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/messages',
  tags: ['Messages'],
  summary: 'List recent messages',
  description:
    'The session’s messages (or one chat’s, with `chatId`), newest first, with where each one stands (sent, delivered, ' +
    'read, failed and why) and what each shows (`content`: text or caption, stored media, location, contacts, poll …). ' +
    'Page with `cursor` = the previous `nextCursor`.',
  ...callerOnly(),
  request: { query: ListMessagesQuery },
  responses: { 200: jsonContent(ListMessagesResponse, 'A page of messages'), ...errorResponses(400, 401, 403, 404) },
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function registerListMessages(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, direction, chatId, limit, cursor } = c.req.valid('query');
    requireSessionAccess(c, sessionId);
    const { db } = c.var.deps;
    const { defaultCountry } = await requireSession(db, sessionId);
    const chat = chatId === undefined ? undefined : chatJid(chatId, effectiveCountry(c.var.deps, defaultCountry));
    const rows = await db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.sessionId, sessionId),
          direction ? eq(messages.direction, direction) : undefined,
          chat ? eq(messages.remoteJid, chat) : undefined,
          cursor ? lt(messages.id, Number(cursor)) : undefined,
        ),
      )
      .orderBy(desc(messages.id))
      .limit(limit + 1);
    const { page, nextCursor } = cursorPage(rows, limit);
    const items = page.map((row) => ({
      id: row.waMessageId,
      direction: row.direction,
      remoteJid: row.remoteJid,
      type: row.type,
      status: row.status,
      error: row.error,
      attempts: row.attempts,
      createdAt: iso(row.createdAt)!,
      sentAt: iso(row.sentAt),
      ...(row.direction === 'out' ? { origin: originOf(row.origin) } : {}),
      content: displayContent(row.direction, row.type, row.payload),
    }));
    return c.json({ status: 'success' as const, messages: items, nextCursor }, 200);
  });
}

/** What queued an outgoing message: a rule, the AI, the phone, or (no origin stored) an API caller or a campaign. */
function originOf(stored: string | null): 'api' | 'auto_reply' | 'ai' | 'phone' {
  return stored === 'auto_reply' || stored === 'ai' || stored === 'phone' ? stored : 'api';
}
