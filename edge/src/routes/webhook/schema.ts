export { DeleteWebhookBody, GetWebhookResponse, SetWebhookBody, SetWebhookResponse, WebhookQuery } from '../../../../shared/src/api/webhook.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
