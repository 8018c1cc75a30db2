import { createRoute } from '@hono/zod-openapi';
import { requireSessionAccess } from '../../auth/principal.js';
import { enforceRateLimit } from '../../rate-limit/fixed-window.js';
import { requireSession } from '../../sessions/require-session.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { PairingCodeBody, PairingCodeResponse, SessionIdParam } from './schema.js';
import { callerOnly } from '../caller.js';

/** Each request has WhatsApp issue a code for a phone number; a flood of them looks like abuse
 * (and lets anyone holding the token pester a number), so a session gets a few per window. */
export const PAIRING_CODES_PER_WINDOW = 5;
const PAIRING_WINDOW_MS = 15 * 60 * 1000;

const route = createRoute({
  method: 'post',
  path: '/sessions/{sessionId}/pairing-code',
  tags: ['Sessions'],
  summary: 'Pair with a code instead of a QR',
  description:
    'On the phone: Linked devices → Link with phone number, then type the code. The session must be waiting for a scan (status QR). ' +
    `At most ${PAIRING_CODES_PER_WINDOW} requests per session per 15 minutes (429).`,
  ...callerOnly(),
  request: { params: SessionIdParam, body: jsonBody(PairingCodeBody) },
  responses: { 200: jsonContent(PairingCodeResponse, 'The code to type on the phone'), ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
});

export function registerPairingCode(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { db, clock } = c.var.deps;
    await requireSession(db, sessionId);
    await enforceRateLimit(c, db, `pairing:${sessionId}`, PAIRING_CODES_PER_WINDOW, PAIRING_WINDOW_MS, clock());
    const { code } = await c.var.deps.host.command<{ code: string }>(sessionId, 'pairing-code', { phoneNumber: c.req.valid('json').phoneNumber });
    return c.json({ status: 'success' as const, code }, 200);
  });
}
