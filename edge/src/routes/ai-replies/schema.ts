export { AiChatBody, AiChatParams, AiChatView, AiReplyConfigBody, AiReplyConfigView } from '../../../../shared/src/api/ai-replies.js';
export { SessionIdParam } from '../../../../shared/src/api/sessions.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
