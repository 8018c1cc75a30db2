import { createRoute } from '@hono/zod-openapi';
import { and, desc, eq, gte, like, lt, or } from 'drizzle-orm';
import { auditLog } from '../../../../shared/src/db/schema.js';
import { callerOnly } from '../caller.js';
import { cursorPage } from '../paging.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { AuditQuery, AuditResponse } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['Audit log'],
  summary: 'Who changed what',
  description:
    'Every change made through the API or the dashboard, every sign-in and every refused sign-in, newest ' +
    'first: who, when, what, the outcome and the client address. Page with `cursor` = the previous ' +
    '`nextCursor`. Kept AUDIT_RETENTION_DAYS days. Admin only.',
  ...callerOnly({ privileged: true }),
  request: { query: AuditQuery },
  responses: { 200: jsonContent(AuditResponse, 'A page of entries'), ...errorResponses(400, 401, 403) },
});

export function registerListAudit(router: Router) {
  return router.openapi(route, async (c) => {
    const { actor, action, sessionId, since, until, limit, cursor } = c.req.valid('query');
    const rows = await c.var.deps.db
      .select()
      .from(auditLog)
      .where(
        and(
          actor ? eq(auditLog.actor, actor) : undefined,
          // The pattern is letters, "-" and at most one ".": no LIKE wildcard reaches it.
          action ? (action.includes('.') ? eq(auditLog.action, action) : or(eq(auditLog.action, action), like(auditLog.action, `${action}.%`))) : undefined,
          sessionId ? eq(auditLog.sessionId, sessionId) : undefined,
          since ? gte(auditLog.at, Date.parse(since)) : undefined,
          until ? lt(auditLog.at, Date.parse(until)) : undefined,
          cursor ? lt(auditLog.id, Number(cursor)) : undefined,
        ),
      )
      .orderBy(desc(auditLog.id))
      .limit(limit + 1);
    const { page, nextCursor } = cursorPage(rows, limit);
    const entries = page.map((row) => ({
      ...row,
      at: new Date(row.at).toISOString(),
      detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : {},
    }));
    return c.json({ status: 'success' as const, entries, nextCursor }, 200);
  });
}
