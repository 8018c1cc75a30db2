import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { summarizeProxy } from '../../../../shared/src/api/session-proxy.js';
import { seal } from '../../../../shared/src/crypto.js';
import { sessions } from '../../../../shared/src/db/schema.js';
import { isPrivileged, requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { sealedProxySummary } from '../../sessions/proxy-summary.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionIdParam, UpdateSessionBody, UpdateSessionResponse } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'patch',
  path: '/sessions/{sessionId}',
  tags: ['Sessions'],
  summary: "Change a session's settings",
  description:
    '`defaultCountry` (ISO 3166 alpha-2, e.g. ID): the country national-format numbers such as ' +
    "0812-3456-7890 are read in for this session's sends, lists and campaigns; null falls back to " +
    'DEFAULT_COUNTRY. Numbers already stored are not rewritten. `proxy` (master key or admin only): the ' +
    "outbound proxy of the session's WhatsApp connection and media (uploads, downloads, links), http(s):// (HTTP CONNECT) or socks5://, " +
    'credentials in the URL; null: direct. It is stored sealed and never shown again (answers give its protocol and ' +
    'host); the session reconnects through it at once.',
  ...callerOnly(),
  request: { params: SessionIdParam, body: jsonBody(UpdateSessionBody) },
  responses: { 200: jsonContent(UpdateSessionResponse, 'Updated'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPatchSession(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    const principal = requireSessionAccess(c, sessionId);
    const body = c.req.valid('json');
    // Where the host connects is the operator's decision: a token could aim it at internal addresses.
    if (body.proxy !== undefined && !isPrivileged(principal)) throw new ApiError(403, 'proxy can be set only with the master API key or as an admin.');
    const { db, clock, config, host } = c.var.deps;
    const changes = {
      ...(body.defaultCountry !== undefined ? { defaultCountry: body.defaultCountry } : {}),
      ...(body.proxy !== undefined ? { proxySealed: body.proxy === null ? null : await seal(config.hostSecret, body.proxy, 'proxy') } : {}),
    };
    const [row] = await db
      .update(sessions)
      .set({ ...changes, updatedAt: clock() })
      .where(eq(sessions.id, sessionId))
      .returning({ defaultCountry: sessions.defaultCountry, proxySealed: sessions.proxySealed });
    if (!row) throw new ApiError(404, `Session ${sessionId} not found.`);
    const said: string[] = [];
    if (body.defaultCountry !== undefined) {
      said.push(body.defaultCountry ? `reads national numbers as ${body.defaultCountry}` : "uses the gateway's default country");
    }
    if (body.proxy !== undefined) {
      // The socket's agent is fixed when the session starts: restart it on its host.
      await host.stopSession(sessionId, { logout: false });
      await host.startSession(sessionId);
      said.push(body.proxy ? `connects through the proxy at ${summarizeProxy(body.proxy)!.host}` : 'connects directly');
    }
    const proxy = body.proxy !== undefined ? summarizeProxy(body.proxy) : await sealedProxySummary(config.hostSecret, row.proxySealed);
    return c.json(
      { status: 'success' as const, message: `Session ${sessionId} ${said.join(' and ')}.`, sessionId, defaultCountry: row.defaultCountry, proxy },
      200,
    );
  });
}
