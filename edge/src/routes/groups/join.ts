import { createRoute } from '@hono/zod-openapi';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GROUP_ERRORS, relayGroupCommand } from './relay.js';
import { JoinGroupBody, JoinGroupResponse, SessionIdParam } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/sessions/{sessionId}/groups/join',
  tags: ['Groups'],
  summary: 'Join a group by invite code or link',
  description: '404 when the code is unknown or was revoked; 409 when the account is already in the group.',
  ...callerOnly(),
  request: { params: SessionIdParam, body: jsonBody(JoinGroupBody) },
  responses: { 200: jsonContent(JoinGroupResponse, 'The group joined'), ...errorResponses(...GROUP_ERRORS) },
});

export function registerJoinGroup(router: Router) {
  return router.openapi(route, async (c) => {
    const { code } = c.req.valid('json');
    const { groupId } = await relayGroupCommand<{ groupId: string }>(c, c.req.valid('param').sessionId, { op: 'join', code });
    return c.json({ status: 'success' as const, groupId }, 200);
  });
}
