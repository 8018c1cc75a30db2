import { createRoute } from '@hono/zod-openapi';
import type { GroupInfo } from '../../../../shared/src/api/groups.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GROUP_ERRORS, relayGroupCommand } from './relay.js';
import { GroupParams, GroupResponse } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/groups/{groupId}',
  tags: ['Groups'],
  summary: "A group's subject, description, owner, settings and participants",
  description:
    'Each participant has `phone` and `lid` (either may be null when WhatsApp does not disclose it) and `admin`. 404 when the account is not in the group.',
  ...callerOnly(),
  request: { params: GroupParams },
  responses: { 200: jsonContent(GroupResponse, 'The group'), ...errorResponses(...GROUP_ERRORS) },
});

export function registerGetGroup(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, groupId } = c.req.valid('param');
    const { group } = await relayGroupCommand<{ group: GroupInfo }>(c, sessionId, { op: 'get', groupId });
    return c.json({ status: 'success' as const, group }, 200);
  });
}
