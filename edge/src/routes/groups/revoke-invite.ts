import { createRoute } from '@hono/zod-openapi';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GROUP_ERRORS, relayGroupCommand } from './relay.js';
import { GroupParams, InviteResponse } from './schema.js';

const route = createRoute({
  method: 'delete',
  path: '/sessions/{sessionId}/groups/{groupId}/invite',
  tags: ['Groups'],
  summary: 'Revoke the invite link',
  description: 'The old link stops working; the answer carries the new one. Admins only (403 otherwise).',
  ...callerOnly(),
  request: { params: GroupParams },
  responses: { 200: jsonContent(InviteResponse, 'The new invite code and link'), ...errorResponses(...GROUP_ERRORS) },
});

export function registerRevokeInvite(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, groupId } = c.req.valid('param');
    const { code, link } = await relayGroupCommand<{ code: string; link: string }>(c, sessionId, { op: 'invite', groupId, revoke: true });
    return c.json({ status: 'success' as const, code, link }, 200);
  });
}
