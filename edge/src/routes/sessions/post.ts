import { createRoute } from '@hono/zod-openapi';
import { sessions } from '../../../../shared/src/db/schema.js';
import { randomToken, seal, sha256Hex } from '../../../../shared/src/crypto.js';
import { requirePrivileged } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { CreateSessionBody, CreateSessionResponse } from './schema.js';
import { callerOnly } from '../caller.js';

const route = createRoute({
  method: 'post',
  path: '/sessions',
  tags: ['Sessions'],
  summary: 'Create a session',
  description: 'Needs the master API key (X-Master-Key) or an admin. The token in the answer is shown once.',
  ...callerOnly({ privileged: true }),
  request: { body: jsonBody(CreateSessionBody) },
  responses: { 201: jsonContent(CreateSessionResponse, 'Created'), ...errorResponses(400, 401, 403, 409) },
});

export function registerPostSession(router: Router) {
  return router.openapi(route, async (c) => {
    requirePrivileged(c);
    const { db, host, config } = c.var.deps;
    const { sessionId, defaultCountry } = c.req.valid('json');
    const token = randomToken('wag_');
    const inserted = await db
      .insert(sessions)
      .values({
        id: sessionId,
        tokenHash: await sha256Hex(token),
        tokenSealed: await seal(config.masterKey, token),
        status: 'STARTING',
        defaultCountry: defaultCountry ?? null,
        detail: 'Waiting for a session host to start the session.',
      })
      .onConflictDoNothing()
      .returning({ id: sessions.id });
    if (inserted.length === 0) throw new ApiError(409, `Session ${sessionId} already exists.`);
    await host.startSession(sessionId);
    return c.json({ status: 'success' as const, message: `Session ${sessionId} created.`, token }, 201);
  });
}
