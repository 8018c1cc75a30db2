export {
  CreateSessionBody,
  CreateSessionResponse,
  PairingCodeBody,
  PairingCodeResponse,
  SessionIdParam,
  SessionSummary,
} from '../../../../shared/src/api/sessions.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
