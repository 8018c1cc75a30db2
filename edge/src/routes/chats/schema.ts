export { PresenceBody, ReadChatBody, ReadChatResponse } from '../../../../shared/src/api/chats.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
