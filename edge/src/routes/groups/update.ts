import { createRoute } from '@hono/zod-openapi';
import type { GroupInfo } from '../../../../shared/src/api/groups.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GROUP_ERRORS, relayGroupCommand } from './relay.js';
import { GroupParams, GroupResponse, UpdateGroupBody } from './schema.js';

const route = createRoute({
  method: 'patch',
  path: '/sessions/{sessionId}/groups/{groupId}',
  tags: ['Groups'],
  summary: "Change a group's subject, description or settings",
  description:
    'Subject at most 100 characters, description at most 2048 (empty removes it). `announcement`: only ' +
    'admins send; `locked`: only admins edit the info. Settings need an admin; subject and description ' +
    'too when the group is locked (403 otherwise). Applied in the order subject, description, ' +
    'announcement, locked; a refusal stops the rest.',
  ...callerOnly(),
  request: { params: GroupParams, body: jsonBody(UpdateGroupBody) },
  responses: { 200: jsonContent(GroupResponse, 'The group after the change'), ...errorResponses(...GROUP_ERRORS) },
});

export function registerUpdateGroup(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, groupId } = c.req.valid('param');
    const { group } = await relayGroupCommand<{ group: GroupInfo }>(c, sessionId, { op: 'update', groupId, ...c.req.valid('json') });
    return c.json({ status: 'success' as const, group }, 200);
  });
}
