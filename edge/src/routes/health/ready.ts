import { createRoute } from '@hono/zod-openapi';
import { checkReadiness, READY_CHECKS } from '../../health/readiness.js';
import { jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { NotReadyResponse, ReadyResponse } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['Operations'],
  summary: 'Readiness',
  description:
    'Whether the gateway can serve: the database answers, the S3 bucket answers, and at least one session host is live and ' +
    'not draining (its heartbeat in `session_hosts`, as `GET /hosts` shows it, is within LEASE_TTL_MS). 503 names each check ' +
    'that failed and says why (`host`: none heartbeated, how long ago the last heartbeat was, or every live host draining). ' +
    'Each check waits at most 3 s. ' +
    'No credential needed; also at `/ready`.',
  responses: { 200: jsonContent(ReadyResponse, 'Every check passed'), 503: jsonContent(NotReadyResponse, 'A check failed') },
});

export function registerReady(router: Router) {
  return router.openapi(route, async (c) => {
    const checks = await checkReadiness(c.var.deps);
    const failed = READY_CHECKS.filter((name) => checks[name] !== 'ok');
    if (failed.length === 0) return c.json({ status: 'ok' as const, checks }, 200);
    return c.json({ status: 'error' as const, message: `Not ready: ${failed.join(', ')}`, failed, checks }, 503);
  });
}
