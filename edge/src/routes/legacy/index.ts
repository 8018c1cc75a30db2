import type { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { createRouter } from '../router.js';
import { handleLegacyMessage, registerLegacyMessage } from './message.js';
import { ApiError } from '../../errors.js';
import { LegacySendBody } from './schema.js';
import { handleLegacySendMessage, LEGACY_SEND_REQUIRED, registerLegacySendMessage } from './send-message.js';
import { legacyGuards } from './send-text.js';

/** The documented v1 paths: /api/v1/legacy/send-message and /api/v1/legacy/message. */
export function legacyRoutes() {
  const router = createRouter();
  registerLegacySendMessage(router);
  registerLegacyMessage(router);
  return router;
}

/** The original's paths, /api/send-message and /api/message, with the same handlers. */
export function mountOriginalLegacyPaths(app: Hono<AppEnv>): void {
  for (const path of ['/api/send-message', '/api/message']) for (const guard of legacyGuards) app.use(path, guard);
  // The original answered its own message to any body it could not use (not JSON, not an object,
  // fields of other types), so this path does too instead of the v1 path's validation error.
  app.post('/api/send-message', async (c) => {
    const body = LegacySendBody.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success) throw new ApiError(400, LEGACY_SEND_REQUIRED);
    return handleLegacySendMessage(c, body.data);
  });
  app.post('/api/message', (c) => handleLegacyMessage(c));
}
