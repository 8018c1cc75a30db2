import { createRouter } from '../router.js';
import { registerGetMedia } from './get.js';
import { registerPostMedia } from './post.js';

export type MediaRouter = ReturnType<typeof createRouter>;

export function mediaRoutes() {
  const router = createRouter();
  registerPostMedia(router);
  registerGetMedia(router);
  return router;
}
