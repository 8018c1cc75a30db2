export {
  CreateSessionBody,
  CreateSessionResponse,
  PairingCodeBody,
  PairingCodeResponse,
  ReconnectSessionResponse,
  SessionIdParam,
  SessionSummary,
  UpdateSessionBody,
  UpdateSessionResponse,
} from '../../../../shared/src/api/sessions.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
export { GovernorOverrides, GovernorResumeResponse, GovernorUpdateResponse, GovernorView } from '../../../../shared/src/api/governor.js';
