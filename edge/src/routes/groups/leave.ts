import { createRoute } from '@hono/zod-openapi';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GROUP_ERRORS, relayGroupCommand } from './relay.js';
import { GroupParams, SuccessMessage } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/sessions/{sessionId}/groups/{groupId}/leave',
  tags: ['Groups'],
  summary: 'Leave a group',
  ...callerOnly(),
  request: { params: GroupParams },
  responses: { 200: jsonContent(SuccessMessage, 'Left'), ...errorResponses(...GROUP_ERRORS) },
});

export function registerLeaveGroup(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, groupId } = c.req.valid('param');
    await relayGroupCommand(c, sessionId, { op: 'leave', groupId });
    return c.json({ status: 'success' as const, message: `Left group ${groupId}` }, 200);
  });
}
