import { createRouter } from '../router.js';
import { registerSessionEventStream } from './stream.js';

/** A session's events as a live stream, for integrations that would rather not run a receiver. */
export function sessionEventsRoutes() {
  const router = createRouter();
  registerSessionEventStream(router);
  return router;
}
