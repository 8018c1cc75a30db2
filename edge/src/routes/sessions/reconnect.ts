import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { requireSession } from '../../sessions/require-session.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { ReconnectSessionResponse, SessionIdParam } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'post',
  path: '/sessions/{sessionId}/reconnect',
  tags: ['Sessions'],
  summary: "Reconnect a session's WhatsApp connection",
  description:
    'Closes the session’s connection, if it has one, and connects again with its stored credentials. The way back for a ' +
    'session that stopped for good without deleting it: replaced by another login (440), BANNED (WhatsApp is asked again), ' +
    'LOGGED_OUT (a new QR to scan, keeping its token, webhooks, messages, lists and campaigns), or stuck. Queued messages ' +
    'are sent once it is connected. Follow the status in GET /sessions/{sessionId} or `session.update`.',
  ...callerOnly(),
  request: { params: SessionIdParam },
  responses: { 200: jsonContent(ReconnectSessionResponse, 'Reconnecting'), ...errorResponses(400, 401, 403, 404, 503) },
});

export function registerReconnectSession(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { db, host } = c.var.deps;
    await requireSession(db, sessionId);
    // A session stopped for good still sits on its host, which ignores a second start: stop it first.
    if (!(await host.stopSession(sessionId, { logout: false }))) throw new ApiError(503, 'The session host did not answer. Try again shortly.');
    // Released, it is an orphan the next host heartbeat adopts, so a host that is down only delays it.
    if (!(await host.startSession(sessionId))) {
      throw new ApiError(503, `No session host answered; session ${sessionId} reconnects when a host takes it over.`);
    }
    return c.json({ status: 'success' as const, message: `Session ${sessionId} is reconnecting.`, sessionId }, 200);
  });
}
