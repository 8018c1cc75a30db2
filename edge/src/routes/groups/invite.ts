import { createRoute } from '@hono/zod-openapi';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GROUP_ERRORS, relayGroupCommand } from './relay.js';
import { GroupParams, InviteResponse } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/groups/{groupId}/invite',
  tags: ['Groups'],
  summary: "The group's invite link",
  description: 'Admins only (403 otherwise).',
  ...callerOnly(),
  request: { params: GroupParams },
  responses: { 200: jsonContent(InviteResponse, 'The invite code and link'), ...errorResponses(...GROUP_ERRORS) },
});

export function registerGetInvite(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, groupId } = c.req.valid('param');
    const { code, link } = await relayGroupCommand<{ code: string; link: string }>(c, sessionId, { op: 'invite', groupId, revoke: false });
    return c.json({ status: 'success' as const, code, link }, 200);
  });
}
