import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireConnectedSession } from '../../messages/enqueue.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { callerOnly } from '../caller.js';
import { chatJid } from './chat-jid.js';
import { PresenceBody, SuccessMessage } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/chats/presence',
  tags: ['Chats'],
  summary: 'Show typing or recording in a chat, or set the account online',
  description:
    '`composing` (typing…), `recording` (recording audio…) or `paused` in the chat `chatId`; WhatsApp ' +
    'clears a state after some seconds, so repeat it while it lasts and send `paused` when done. ' +
    '`available` / `unavailable` (no chatId) set the account online or offline; WhatsApp ignores them ' +
    'until the account has a name. The session must be connected (404 otherwise, as for sending).',
  ...callerOnly(),
  request: { body: jsonBody(PresenceBody) },
  responses: { 200: jsonContent(SuccessMessage, 'Presence sent'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

export function registerPresence(router: Router) {
  return router.openapi(route, async (c) => {
    const body = c.req.valid('json');
    requireSessionAccess(c, body.sessionId);
    const deps = c.var.deps;
    const { defaultCountry } = await requireConnectedSession(deps, body.sessionId, c.var.principal);
    const chat = body.chatId === undefined ? undefined : chatJid(body.chatId, defaultCountry);
    await deps.host.command(body.sessionId, 'presence', { presence: body.presence, ...(chat ? { chatJid: chat } : {}) });
    return c.json(
      { status: 'success' as const, message: chat ? `Sent ${body.presence} to ${chat}.` : `Session ${body.sessionId} is now ${body.presence}.` },
      200,
    );
  });
}
