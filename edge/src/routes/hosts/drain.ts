import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { sessionHosts } from '../../../../shared/src/db/schema.js';
import { placeable, readHostLoads } from '../../../../shared/src/hosts/host-loads.js';
import { ApiError } from '../../errors.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { hostView } from './list.js';
import { HostIdParam, HostResponse } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/hosts/{hostId}/drain',
  tags: ['Hosts'],
  summary: 'Drain a session host',
  description:
    'The host stops taking sessions and hands each one it holds to the other live hosts, least loaded first: sends in flight ' +
    'finish, the socket closes, its credentials stay stored, and another host resumes it without a QR. Queued messages and ' +
    'webhook events stay in the database and go out from the new host. The answer comes at once (202); `GET /hosts` shows ' +
    'the host reach 0 sessions. It stays drained, across restarts, until `POST /hosts/{hostId}/undrain`. 409 when no other ' +
    'live host could take its sessions. Admin only.',
  ...callerOnly({ privileged: true }),
  request: { params: HostIdParam },
  responses: { 202: jsonContent(HostResponse, 'Draining'), ...errorResponses(400, 401, 403, 404, 409) },
});

export function registerDrainHost(router: Router) {
  return router.openapi(route, async (c) => {
    const { db, clock, host: hosts } = c.var.deps;
    const { hostId } = c.req.valid('param');
    const all = await readHostLoads(db, clock());
    const target = all.find((host) => host.hostId === hostId);
    if (!target) throw new ApiError(404, `Session host ${hostId} not found.`);
    if (!placeable(all).some((host) => host.hostId !== hostId)) {
      throw new ApiError(409, `No other live session host could take the sessions of ${hostId}; start one first.`);
    }
    await db.update(sessionHosts).set({ draining: true }).where(eq(sessionHosts.hostId, hostId));
    const handing = target.live ? await hosts.drainHost({ url: target.url, hostId }) : null;
    const message =
      handing === null
        ? `Session host ${hostId} is draining: it hands its sessions off when it next heartbeats${target.live ? '' : ' (it is not live: they are taken over as its leases expire)'}.`
        : `Session host ${hostId} is handing ${handing} session${handing === 1 ? '' : 's'} to other hosts.`;
    return c.json({ status: 'success' as const, message, host: hostView({ ...target, draining: true }) }, 202);
  });
}
