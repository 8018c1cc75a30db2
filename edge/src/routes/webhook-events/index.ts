import { createRouter } from '../router.js';
import { registerListWebhookEvents } from './list.js';
import { registerRetryWebhookEvent } from './retry.js';

/** The webhook outbox as seen by its owner: what was delivered, what is waiting, what died. */
export function webhookEventsRoutes() {
  const router = createRouter();
  registerListWebhookEvents(router);
  registerRetryWebhookEvent(router);
  return router;
}
