import { createMiddleware } from 'hono/factory';
import { ReplayGuard, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../../shared/src/internal-auth.js';

/** Accepts only calls signed by the edge with HOST_SHARED_SECRET, each at most once. */
export function verifySignature(secret: string, guard = new ReplayGuard()) {
  return createMiddleware(async (c, next) => {
    const url = new URL(c.req.url);
    const body = await c.req.text();
    const result = await guard.verify(
      secret,
      { timestamp: c.req.header(TIMESTAMP_HEADER), signature: c.req.header(SIGNATURE_HEADER) },
      c.req.method,
      url.pathname + url.search,
      body,
    );
    if (!result.ok) return c.json({ status: 'error', message: `Unauthorized internal call: ${result.reason}` }, 401);
    await next();
  });
}
