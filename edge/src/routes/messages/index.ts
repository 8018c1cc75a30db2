import { OutgoingMessage } from '../../../../shared/src/api/messages.js';
import { createRouter } from '../router.js';
import { registerDeleteMessage } from './delete.js';
import { registerListMessages } from './list.js';
import { registerEditMessage } from './patch.js';
import { registerPostMessages } from './post.js';

export function messagesRoutes() {
  const router = createRouter();
  router.openAPIRegistry.register('OutgoingMessage', OutgoingMessage);
  registerPostMessages(router);
  registerDeleteMessage(router);
  registerListMessages(router);
  registerEditMessage(router);
  return router;
}
