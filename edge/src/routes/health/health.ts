import { createRoute } from '@hono/zod-openapi';
import { jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { HealthResponse } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Operations'],
  summary: 'Liveness',
  description:
    'The edge answers: nothing else is checked, so a restart is never triggered by a database or host outage. No credential needed; also at `/health`.',
  responses: { 200: jsonContent(HealthResponse, 'The edge is running') },
});

export function registerHealth(router: Router) {
  return router.openapi(route, (c) => c.json({ status: 'ok' as const }, 200));
}
