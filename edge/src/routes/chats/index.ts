import { createRouter } from '../router.js';
import { registerPresence } from './presence.js';
import { registerReadChat } from './read.js';

export function chatsRoutes() {
  const router = createRouter();
  registerReadChat(router);
  registerPresence(router);
  return router;
}
