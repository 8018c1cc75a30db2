import type { Context } from 'hono';
import { timingSafeEqual } from '../../../shared/src/crypto.js';
import type { DbGauges } from './db-gauges.js';
import type { HostMetrics } from './host-metrics.js';

/** GET /metrics: Prometheus text behind `Authorization: Bearer <METRICS_TOKEN>`. Without a token
 * configured the endpoint does not exist (404): an unauthenticated scrape would show anyone who
 * reaches the host port how busy each part is, and the host port is not meant to be public. */
export function metricsHandler(options: { token: string | undefined; metrics: HostMetrics; dbGauges: DbGauges }) {
  return async (c: Context) => {
    if (!options.token) return c.json({ status: 'error', message: 'Metrics are off: set METRICS_TOKEN to enable /metrics.' }, 404);
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match?.[1] || !timingSafeEqual(match[1], options.token)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return c.json({ status: 'error', message: 'Authorization: Bearer <METRICS_TOKEN> required.' }, 401);
    }
    await options.dbGauges.refresh();
    const { body, contentType } = await options.metrics.exposition();
    return c.body(body, 200, { 'content-type': contentType });
  };
}
