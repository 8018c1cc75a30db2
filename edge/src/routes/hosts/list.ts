import { createRoute, type z } from '@hono/zod-openapi';
import { readHostLoads, type HostLoad } from '../../../../shared/src/hosts/host-loads.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { HostsResponse, type Host } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/hosts',
  tags: ['Hosts'],
  summary: 'List session hosts with their load',
  description:
    'Every session host that has heartbeated against this database: live or not, draining or not, and the sessions it holds. ' +
    'New and resumed sessions go to the live, not draining host holding the fewest. Admin only.',
  ...callerOnly({ privileged: true }),
  responses: { 200: jsonContent(HostsResponse, 'Every host, by id'), ...errorResponses(401, 403) },
});

export function hostView(host: HostLoad): z.infer<typeof Host> {
  return {
    hostId: host.hostId,
    url: host.url,
    live: host.live,
    draining: host.draining,
    sessions: host.sessions,
    eventLoopLagMs: host.eventLoopLagMs,
    lastHeartbeatAt: new Date(host.heartbeatAt).toISOString(),
  };
}

export function registerListHosts(router: Router) {
  return router.openapi(route, async (c) => {
    const { db, clock } = c.var.deps;
    const hosts = await readHostLoads(db, clock());
    return c.json({ status: 'success' as const, hosts: hosts.map(hostView) }, 200);
  });
}
