import { createRouter } from '../router.js';
import { registerAcceptInvite } from './accept-invite.js';
import { registerLogin } from './login.js';
import { registerLogout } from './logout.js';
import { registerMe } from './me.js';

/** Dashboard sign-in: POST /auth/login, POST /auth/logout, GET /auth/me, POST /auth/accept-invite. */
export function authRoutes() {
  const router = createRouter();
  registerLogin(router);
  registerLogout(router);
  registerMe(router);
  registerAcceptInvite(router);
  return router;
}
