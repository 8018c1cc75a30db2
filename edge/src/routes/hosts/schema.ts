// Request and response shapes of the session hosts' registry. Kept here rather than in shared/
// because only the edge serves them.
import { z } from '@hono/zod-openapi';

export const HostIdParam = z.object({
  hostId: z
    .string({ error: 'hostId is required' })
    .regex(/^[\w.:@-]{1,128}$/, 'hostId must be 1-128 letters, digits, ".", ":", "@", "_" or "-" (a HOST_ID)')
    .openapi({ param: { name: 'hostId', in: 'path' }, example: 'host-1' }),
});

export const Host = z.object({
  hostId: z.string().describe("The host's HOST_ID"),
  url: z.string().describe('Where the edge reaches its internal API (HOST_PUBLIC_URL)'),
  live: z.boolean().describe('It has heartbeated within LEASE_TTL_MS'),
  draining: z.boolean().describe('It hands its sessions to other hosts and takes none until undrained'),
  sessions: z.number().int().describe('Sessions it holds a live lease on: the load placement weighs'),
  eventLoopLagMs: z.number().int().describe("Its event loop's delay (p99 over the last heartbeat interval), for operators"),
  lastHeartbeatAt: z.string().describe('ISO 8601'),
});

export const HostsResponse = z.object({ status: z.literal('success'), hosts: z.array(Host) });
export const HostResponse = z.object({ status: z.literal('success'), message: z.string(), host: Host });
