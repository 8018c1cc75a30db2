import type { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { createRouter } from '../router.js';
import { handleLegacyMessage, registerLegacyMessage } from './message.js';
import { handleLegacySendMessage, registerLegacySendMessage } from './send-message.js';
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
  app.post('/api/send-message', async (c) => handleLegacySendMessage(c, await c.req.json().catch(() => ({}))));
  app.post('/api/message', (c) => handleLegacyMessage(c));
}
