import { createRouter } from '../router.js';
import { registerDrainHost } from './drain.js';
import { registerListHosts } from './list.js';
import { registerUndrainHost } from './undrain.js';

/** The session hosts (admin only): GET /hosts, POST /hosts/{hostId}/drain and /undrain. */
export function hostsRoutes() {
  const router = createRouter();
  registerListHosts(router);
  registerDrainHost(router);
  registerUndrainHost(router);
  return router;
}
