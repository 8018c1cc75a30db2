import { createMiddleware } from 'hono/factory';
import type { Logger } from 'pino';
import { acceptedRequestId, REQUEST_ID_HEADER } from '../../../shared/src/request-id.js';

export type RequestLogEnv = { Variables: { log: Logger } };

/** A child logger per call, carrying the edge's request id (when it sent an acceptable one), so
 * every line the host writes for that call can be found by the id the API caller got back. */
export function requestLog(logger: Logger) {
  return createMiddleware<RequestLogEnv>(async (c, next) => {
    const requestId = acceptedRequestId(c.req.header(REQUEST_ID_HEADER));
    const log = logger.child({ component: 'internal-api', ...(requestId ? { requestId } : {}) });
    c.set('log', log);
    const started = performance.now();
    await next();
    log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'internal call');
  });
}
