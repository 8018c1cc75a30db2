import { createRoute } from '@hono/zod-openapi';
import type { z } from 'zod';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { GROUP_ERRORS, relayGroupCommand } from './relay.js';
import { GroupParams, ParticipantsBody, ParticipantsResponse } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/sessions/{sessionId}/groups/{groupId}/participants',
  tags: ['Groups'],
  summary: 'Add, remove, promote or demote participants',
  description:
    "Admins only (403 otherwise). At most 50 participants per request. Answers 200 with WhatsApp's " +
    'result for each person: `status` 200 done, 403 their privacy settings refuse (send the invite ' +
    'link), 404 not on WhatsApp / not in the group, 406 the creator, 408 left recently, 409 already in.',
  ...callerOnly(),
  request: { params: GroupParams, body: jsonBody(ParticipantsBody) },
  responses: { 200: jsonContent(ParticipantsResponse, 'One result per participant'), ...errorResponses(...GROUP_ERRORS) },
});

export function registerGroupParticipants(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId, groupId } = c.req.valid('param');
    const { action, participants } = c.req.valid('json');
    const { results } = await relayGroupCommand<z.infer<typeof ParticipantsResponse>>(c, sessionId, { op: 'participants', groupId, action, participants });
    return c.json({ status: 'success' as const, action, results }, 200);
  });
}
