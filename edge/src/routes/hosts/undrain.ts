import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { sessionHosts } from '../../../../shared/src/db/schema.js';
import { readHostLoads } from '../../../../shared/src/hosts/host-loads.js';
import { ApiError } from '../../errors.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { hostView } from './list.js';
import { HostIdParam, HostResponse } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/hosts/{hostId}/undrain',
  tags: ['Hosts'],
  summary: 'Let a drained session host take sessions again',
  description:
    'From its next heartbeat the host takes its share of sessions nobody holds and new sessions may be placed on it; sessions ' +
    'already running elsewhere stay where they are. Admin only.',
  ...callerOnly({ privileged: true }),
  request: { params: HostIdParam },
  responses: { 200: jsonContent(HostResponse, 'Taking sessions again'), ...errorResponses(400, 401, 403, 404) },
});

export function registerUndrainHost(router: Router) {
  return router.openapi(route, async (c) => {
    const { db, clock } = c.var.deps;
    const { hostId } = c.req.valid('param');
    const updated = await db.update(sessionHosts).set({ draining: false }).where(eq(sessionHosts.hostId, hostId)).returning({ hostId: sessionHosts.hostId });
    if (updated.length === 0) throw new ApiError(404, `Session host ${hostId} not found.`);
    const target = (await readHostLoads(db, clock())).find((host) => host.hostId === hostId)!;
    return c.json({ status: 'success' as const, message: `Session host ${hostId} takes sessions again.`, host: hostView(target) }, 200);
  });
}
