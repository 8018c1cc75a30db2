import { createRouter } from '../router.js';
import { registerDeleteUser } from './delete.js';
import { registerListUsers } from './list.js';
import { registerPatchUser } from './patch.js';
import { registerCreateUser } from './post.js';
import { registerResetLink } from './reset-link.js';

/** Dashboard accounts, admin only: GET/POST /users, PATCH/DELETE /users/{id}, POST /users/{id}/reset-link. */
export function usersRoutes() {
  const router = createRouter();
  registerListUsers(router);
  registerCreateUser(router);
  registerPatchUser(router);
  registerDeleteUser(router);
  registerResetLink(router);
  return router;
}
