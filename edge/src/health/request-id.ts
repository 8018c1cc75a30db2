import { createMiddleware } from 'hono/factory';
import { acceptedRequestId, newRequestId, REQUEST_ID_HEADER } from '../../../shared/src/request-id.js';
import type { AppEnv } from '../app-env.js';

/** Every answer carries X-Request-Id: the caller's own when it sent an acceptable one (1-128 of
 * A-Z a-z 0-9 . _ : -), otherwise a new UUID. Not a reason to refuse a request: a bad one is
 * replaced. The host client passes it on, so the host's log lines for the call carry it too. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = acceptedRequestId(c.req.header(REQUEST_ID_HEADER)) ?? newRequestId();
  c.set('requestId', id);
  c.header(REQUEST_ID_HEADER, id);
  await next();
  // A handler that built its own Response (media, streams) has not seen c.header().
  if (c.res.headers.get(REQUEST_ID_HEADER) !== id) {
    try {
      c.res.headers.set(REQUEST_ID_HEADER, id);
    } catch {
      // Immutable headers (a fetched response passed through): copy it. A WebSocket upgrade cannot be copied.
      if (c.res.status === 101) return;
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set(REQUEST_ID_HEADER, id);
    }
  }
});
