import { createRouter } from '../router.js';
import { registerHealth } from './health.js';
import { registerReady } from './ready.js';

/** GET /health (liveness) and GET /ready (readiness) for load balancers and container probes. */
export function healthRoutes() {
  const router = createRouter();
  registerHealth(router);
  registerReady(router);
  return router;
}
