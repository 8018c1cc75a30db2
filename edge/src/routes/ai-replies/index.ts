import { createRouter } from '../router.js';
import { registerGetAiChat } from './chat-get.js';
import { registerPutAiChat } from './chat-put.js';
import { registerDeleteAiReplies } from './delete.js';
import { registerGetAiReplies } from './get.js';
import { registerPutAiReplies } from './put.js';

export function aiRepliesRoutes() {
  const router = createRouter();
  registerGetAiReplies(router);
  registerPutAiReplies(router);
  registerDeleteAiReplies(router);
  registerGetAiChat(router);
  registerPutAiChat(router);
  return router;
}
