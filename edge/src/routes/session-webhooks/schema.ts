export {
  CreateSessionWebhookBody,
  SessionWebhookCreated,
  SessionWebhookList,
  SessionWebhookParams,
  SessionWebhookResponse,
  SessionWebhookUpdated,
  UpdateSessionWebhookBody,
} from '../../../../shared/src/api/session-webhooks.js';
export { SessionIdParam } from '../../../../shared/src/api/sessions.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
