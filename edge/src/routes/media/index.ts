import { createRouter } from '../router.js';
import { registerGetMedia } from './get.js';
import { registerPostMedia } from './post.js';
import { registerPutMedia } from './put.js';

export function mediaRoutes() {
  const router = createRouter();
  registerPostMedia(router);
  registerPutMedia(router);
  registerGetMedia(router);
  return router;
}
