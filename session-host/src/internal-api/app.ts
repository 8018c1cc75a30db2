import { Hono } from 'hono';
import { z } from 'zod';
import { SessionId } from '../../../shared/src/api/common.js';
import type { SessionManager } from '../sessions/session-manager.js';
import { verifySignature } from './verify-signature.js';

const StopBody = z.object({ logout: z.boolean().default(false) });

/** The host's internal API: only the edge calls it, with signed requests. */
export function createInternalApi(options: { secret: string; hostId: string; sessions: SessionManager }) {
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok', hostId: options.hostId, sessions: options.sessions.ownedSessions.size }));

  const internal = new Hono();
  internal.use('*', verifySignature(options.secret));
  internal.post('/sessions/:sessionId/start', async (c) => {
    const sessionId = SessionId.safeParse(c.req.param('sessionId'));
    if (!sessionId.success) return c.json({ status: 'error', message: 'invalid sessionId' }, 400);
    const started = await options.sessions.start(sessionId.data);
    return started ? c.json({ status: 'success' }) : c.json({ status: 'error', message: 'session unknown or owned by another host' }, 409);
  });
  internal.post('/sessions/:sessionId/stop', async (c) => {
    const sessionId = SessionId.safeParse(c.req.param('sessionId'));
    const body = StopBody.safeParse(await c.req.json().catch(() => ({})));
    if (!sessionId.success || !body.success) return c.json({ status: 'error', message: 'invalid request' }, 400);
    await options.sessions.stop(sessionId.data, body.data);
    return c.json({ status: 'success' });
  });
  app.route('/internal', internal);
  app.onError((err, c) => c.json({ status: 'error', message: err.message }, 500));
  return app;
}
