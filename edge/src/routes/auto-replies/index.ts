import { createRouter } from '../router.js';
import { registerDeleteAutoReply } from './delete.js';
import { registerGetAutoReply } from './get.js';
import { registerListAutoReplies } from './list.js';
import { registerPatchAutoReply } from './patch.js';
import { registerPostAutoReply } from './post.js';

/** A session's auto-reply rules; the session's host answers incoming messages with them. */
export function autoRepliesRoutes() {
  const router = createRouter();
  registerListAutoReplies(router);
  registerPostAutoReply(router);
  registerGetAutoReply(router);
  registerPatchAutoReply(router);
  registerDeleteAutoReply(router);
  return router;
}
