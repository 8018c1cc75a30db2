import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { sessions } from '../../../../shared/src/db/schema.js';
import { unseal } from '../../../../shared/src/crypto.js';
import { requirePrincipal } from '../../auth/principal.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { MeResponse } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'get',
  path: '/auth/me',
  tags: ['Dashboard sign-in'],
  summary: 'Who is signed in',
  description: "The caller's principal. A session also gets its own token back, so the API control center can prefill it.",
  ...callerOnly(),
  responses: { 200: jsonContent(MeResponse, 'The principal'), ...errorResponses(401) },
});

export function registerMe(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    if (principal.kind !== 'session') return c.json({ status: 'success' as const, principal }, 200);
    const { db, config } = c.var.deps;
    const [row] = await db.select({ sealed: sessions.tokenSealed }).from(sessions).where(eq(sessions.id, principal.sessionId));
    const token = row?.sealed ? await unseal(config.masterKey, row.sealed) : null;
    // Who it is, not what the principal carries along (status, default country).
    return c.json({ status: 'success' as const, principal: { kind: principal.kind, sessionId: principal.sessionId }, token }, 200);
  });
}
