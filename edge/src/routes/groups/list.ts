import { createRoute } from '@hono/zod-openapi';
import type { GroupInfo } from '../../../../shared/src/api/groups.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GROUP_ERRORS, relayGroupCommand } from './relay.js';
import { GroupListResponse, SessionIdParam } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/groups',
  tags: ['Groups'],
  summary: 'List the groups the account is in',
  ...callerOnly(),
  request: { params: SessionIdParam },
  responses: { 200: jsonContent(GroupListResponse, 'Every group the account is a member of'), ...errorResponses(...GROUP_ERRORS) },
});

export function registerListGroups(router: Router) {
  return router.openapi(route, async (c) => {
    const { groups } = await relayGroupCommand<{ groups: GroupInfo[] }>(c, c.req.valid('param').sessionId, { op: 'list' });
    return c.json({ status: 'success' as const, groups }, 200);
  });
}
