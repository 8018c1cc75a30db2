import { createRouter } from '../router.js';
import { registerListChats } from './list.js';
import { registerPresence } from './presence.js';
import { registerReadChat } from './read.js';

export function chatsRoutes() {
  const router = createRouter();
  registerListChats(router);
  registerReadChat(router);
  registerPresence(router);
  return router;
}
