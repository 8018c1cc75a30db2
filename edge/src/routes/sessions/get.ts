import { createRoute, z } from '@hono/zod-openapi';
import { asc } from 'drizzle-orm';
import { sessions } from '../../../../shared/src/db/schema.js';
import { reachesSession } from '../../auth/principal.js';
import { sessionSummary } from '../../sessions/session-summary.js';
import { jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionSummary } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions',
  tags: ['Sessions'],
  summary: 'List sessions',
  description:
    "Public list of every session's `sessionId` and `status`. `detail`, `qr`, `defaultCountry` and `proxy` only " +
    "for the session's own token (or its dashboard sign-in), the master key or an admin; `token` only " +
    'for the master key or an admin. A signed-in operator is listed its assigned sessions only, in full ' +
    'but without tokens.',
  responses: { 200: jsonContent(z.array(SessionSummary), 'Every session with its status') },
});

export function registerGetSessions(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = c.var.principal;
    const all = await c.var.deps.db.select().from(sessions).orderBy(asc(sessions.createdAt), asc(sessions.id));
    // An operator lists only the sessions assigned to it.
    const rows = principal?.kind === 'operator' ? all.filter((row) => reachesSession(principal, row.id)) : all;
    return c.json(await Promise.all(rows.map((row) => sessionSummary(row, principal, c.var.deps.config))), 200);
  });
}
