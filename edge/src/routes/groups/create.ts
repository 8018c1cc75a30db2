import { createRoute } from '@hono/zod-openapi';
import type { GroupInfo } from '../../../../shared/src/api/groups.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GROUP_ERRORS, relayGroupCommand } from './relay.js';
import { CreateGroupBody, GroupResponse, SessionIdParam } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/sessions/{sessionId}/groups',
  tags: ['Groups'],
  summary: 'Create a group',
  description: 'The account becomes its creator (superadmin). Subject at most 100 characters; at most 50 participants per request.',
  ...callerOnly(),
  request: { params: SessionIdParam, body: jsonBody(CreateGroupBody) },
  responses: { 201: jsonContent(GroupResponse, 'The new group'), ...errorResponses(...GROUP_ERRORS) },
});

export function registerCreateGroup(router: Router) {
  return router.openapi(route, async (c) => {
    const { subject, participants } = c.req.valid('json');
    const { group } = await relayGroupCommand<{ group: GroupInfo }>(c, c.req.valid('param').sessionId, { op: 'create', subject, participants });
    return c.json({ status: 'success' as const, group }, 201);
  });
}
