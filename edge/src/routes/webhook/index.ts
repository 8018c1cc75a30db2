import { createRouter } from '../router.js';
import { registerDeleteWebhook } from './delete.js';
import { registerGetWebhook } from './get.js';
import { registerPostWebhook } from './post.js';

export function webhookRoutes() {
  const router = createRouter();
  registerPostWebhook(router);
  registerGetWebhook(router);
  registerDeleteWebhook(router);
  return router;
}
