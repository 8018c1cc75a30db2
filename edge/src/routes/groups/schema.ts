export {
  CreateGroupBody,
  GroupListResponse,
  GroupParams,
  GroupResponse,
  InviteResponse,
  JoinGroupBody,
  JoinGroupResponse,
  ParticipantsBody,
  ParticipantsResponse,
  UpdateGroupBody,
} from '../../../../shared/src/api/groups.js';
export { SessionIdParam } from '../../../../shared/src/api/sessions.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
