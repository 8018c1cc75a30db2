import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { SessionsRouter } from './index.js';
import { PairingCodeBody, PairingCodeResponse, SessionIdParam } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'post',
  path: '/sessions/{sessionId}/pairing-code',
  tags: ['Sessions'],
  summary: 'Pair with a code instead of a QR',
  description: 'On the phone: Linked devices → Link with phone number, then type the code. The session must be waiting for a scan (status QR).',
  ...callerOnly(),
  request: { params: SessionIdParam, body: jsonBody(PairingCodeBody) },
  responses: { 200: jsonContent(PairingCodeResponse, 'The code to type on the phone'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

export function registerPairingCode(router: SessionsRouter) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    await requireSession(c.var.deps.db, sessionId);
    const { code } = await c.var.deps.host.command<{ code: string }>(sessionId, 'pairing-code', { phoneNumber: c.req.valid('json').phoneNumber });
    return c.json({ status: 'success' as const, code }, 200);
  });
}
