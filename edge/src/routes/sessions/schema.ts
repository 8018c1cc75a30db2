export {
  CreateSessionBody,
  CreateSessionResponse,
  PairingCodeBody,
  PairingCodeResponse,
  SessionIdParam,
  SessionSummary,
  UpdateSessionBody,
  UpdateSessionResponse,
} from '../../../../shared/src/api/sessions.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
