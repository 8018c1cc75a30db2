import { createRoute, z } from '@hono/zod-openapi';
import { asc } from 'drizzle-orm';
import { SessionStatus } from '../../../../shared/src/api/common.js';
import { sessions } from '../../../../shared/src/db/schema.js';
import { unseal } from '../../../../shared/src/crypto.js';
import { isPrivileged, reachesSession } from '../../auth/principal.js';
import { jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionSummary } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions',
  tags: ['Sessions'],
  summary: 'List sessions',
  description:
    "Public list of every session's `sessionId` and `status`. `detail`, `qr` and `defaultCountry` only " +
    "for the session's own token (or its dashboard sign-in), the master key or an admin; `token` only " +
    'for the master key or an admin. A signed-in operator is listed its assigned sessions only, in full ' +
    'but without tokens.',
  responses: { 200: jsonContent(z.array(SessionSummary), 'Every session with its status') },
});

export function registerGetSessions(router: Router) {
  return router.openapi(route, async (c) => {
    const { db, config } = c.var.deps;
    const principal = c.var.principal;
    const showTokens = isPrivileged(principal);
    const seesInFull = (sessionId: string) => reachesSession(principal, sessionId);
    const all = await db.select().from(sessions).orderBy(asc(sessions.createdAt), asc(sessions.id));
    const rows = principal?.kind === 'operator' ? all.filter((row) => seesInFull(row.id)) : all;
    const body = await Promise.all(
      rows.map(async (row) => ({
        sessionId: row.id,
        status: SessionStatus.catch('STARTING').parse(row.status),
        // A waiting QR links whoever scans it into the session, so only its owner sees it.
        ...(seesInFull(row.id) ? { detail: row.detail, qr: row.qr, defaultCountry: row.defaultCountry } : {}),
        ...(showTokens ? { token: row.tokenSealed ? await unseal(config.masterKey, row.tokenSealed) : null } : {}),
      })),
    );
    return c.json(body, 200);
  });
}
