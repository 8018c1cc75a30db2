import { createRouter } from '../router.js';
import { registerGetMedia } from './get.js';
import { registerPostMedia } from './post.js';

export function mediaRoutes() {
  const router = createRouter();
  registerPostMedia(router);
  registerGetMedia(router);
  return router;
}
