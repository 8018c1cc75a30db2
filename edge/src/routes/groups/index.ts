import { createRouter } from '../router.js';
import { registerCreateGroup } from './create.js';
import { registerGetGroup } from './get.js';
import { registerGetInvite } from './invite.js';
import { registerJoinGroup } from './join.js';
import { registerLeaveGroup } from './leave.js';
import { registerListGroups } from './list.js';
import { registerGroupParticipants } from './participants.js';
import { registerRevokeInvite } from './revoke-invite.js';
import { registerUpdateGroup } from './update.js';

export function groupsRoutes() {
  const router = createRouter();
  registerCreateGroup(router);
  registerListGroups(router);
  registerJoinGroup(router);
  registerGetGroup(router);
  registerUpdateGroup(router);
  registerGroupParticipants(router);
  registerGetInvite(router);
  registerRevokeInvite(router);
  registerLeaveGroup(router);
  return router;
}
