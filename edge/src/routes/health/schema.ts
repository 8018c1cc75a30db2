import { z } from '@hono/zod-openapi';

export const HealthResponse = z.object({ status: z.literal('ok') }).openapi('Health');

const Checks = z
  .object({
    database: z.string().openapi({ example: 'ok' }),
    storage: z.string().openapi({ example: 'ok' }),
    host: z.string().openapi({ example: 'ok' }),
  })
  .openapi({ description: '`ok`, or why not: `unreachable`, `timed out`, `no live session host: the last heartbeat (host-1) was 42 s ago`' });

export const ReadyResponse = z.object({ status: z.literal('ok'), checks: Checks }).openapi('Ready');

export const NotReadyResponse = z
  .object({
    status: z.literal('error'),
    message: z.string().openapi({ example: 'Not ready: host' }),
    failed: z.array(z.enum(['database', 'storage', 'host'])).openapi({ example: ['host'] }),
    checks: Checks,
  })
  .openapi('NotReady');
