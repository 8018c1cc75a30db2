import { z } from '@hono/zod-openapi';
import { ChatSummary } from '../../../../shared/src/api/inbox.js';
import { NextCursor, cursorPageQuery } from '../paging.js';

export { PresenceBody, ReadChatBody, ReadChatResponse } from '../../../../shared/src/api/chats.js';
export { SuccessMessage } from '../../../../shared/src/api/common.js';
export { SessionIdParam } from '../../../../shared/src/api/sessions.js';

export const ListChatsQuery = z.object({ ...cursorPageQuery });

export const ListChatsResponse = z.object({ status: z.literal('success'), chats: z.array(ChatSummary), nextCursor: NextCursor });
