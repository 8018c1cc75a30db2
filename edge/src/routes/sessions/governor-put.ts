import { createRoute } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GovernorOverrides, GovernorUpdateResponse, SessionIdParam } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'put',
  path: '/sessions/{sessionId}/governor',
  tags: ['Sessions'],
  summary: "Set the session's send governor",
  description:
    'Replaces the session’s overrides of the gateway’s send governor defaults (SEND_* settings): a field left out takes the ' +
    'default again, `{}` removes every override. 0 turns a rate, cap or auto-pause threshold off; `quietHours: null` and ' +
    '`warmup: []` turn those off. Messages held back by the old settings are looked at again at once.',
  ...callerOnly(),
  request: { params: SessionIdParam, body: jsonBody(GovernorOverrides) },
  responses: { 200: jsonContent(GovernorUpdateResponse, 'Stored'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPutGovernor(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const overrides = c.req.valid('json');
    const { db, clock, host } = c.var.deps;
    await requireSession(db, sessionId);
    const now = clock();
    await db.run(sql`insert into send_governors (session_id, settings, updated_at) values (${sessionId}, ${JSON.stringify(overrides)}, ${now})
      on conflict (session_id) do update set settings = excluded.settings, updated_at = excluded.updated_at`);
    // A host that is down reads the settings when it starts the session.
    await host.command(sessionId, 'governor', { action: 'reload' }).catch(() => undefined);
    const count = Object.keys(overrides).length;
    const message =
      count === 0 ? `Session ${sessionId} uses the gateway's send governor defaults.` : `Session ${sessionId} overrides ${count} send governor setting(s).`;
    return c.json({ status: 'success' as const, message, sessionId, overrides }, 200);
  });
}
