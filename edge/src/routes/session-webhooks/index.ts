import { createRouter } from '../router.js';
import { registerDeleteSessionWebhook } from './delete.js';
import { registerGetSessionWebhook } from './get.js';
import { registerListSessionWebhooks } from './list.js';
import { registerPatchSessionWebhook } from './patch.js';
import { registerPostSessionWebhook } from './post.js';

/** A session's webhooks, several per session (the original /webhook manages the first). */
export function sessionWebhooksRoutes() {
  const router = createRouter();
  registerListSessionWebhooks(router);
  registerPostSessionWebhook(router);
  registerGetSessionWebhook(router);
  registerPatchSessionWebhook(router);
  registerDeleteSessionWebhook(router);
  return router;
}
