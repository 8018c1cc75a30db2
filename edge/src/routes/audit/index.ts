import { createRouter } from '../router.js';
import { registerListAudit } from './list.js';

/** GET /audit (admin only); the entries are written by edge/src/audit/audit-changes.ts. */
export function auditRoutes() {
  const router = createRouter();
  registerListAudit(router);
  return router;
}
