import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { sessions } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
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
    'DEFAULT_COUNTRY. Numbers already stored are not rewritten.',
  ...callerOnly(),
  request: { params: SessionIdParam, body: jsonBody(UpdateSessionBody) },
  responses: { 200: jsonContent(UpdateSessionResponse, 'Updated'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPatchSession(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const defaultCountry = c.req.valid('json').defaultCountry ?? null;
    const { db, clock } = c.var.deps;
    const updated = await db.update(sessions).set({ defaultCountry, updatedAt: clock() }).where(eq(sessions.id, sessionId)).returning({ id: sessions.id });
    if (updated.length === 0) throw new ApiError(404, `Session ${sessionId} not found.`);
    const message = defaultCountry
      ? `Session ${sessionId} reads national numbers as ${defaultCountry}.`
      : `Session ${sessionId} uses the gateway's default country.`;
    return c.json({ status: 'success' as const, message, sessionId, defaultCountry }, 200);
  });
}
