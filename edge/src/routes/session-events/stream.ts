import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, gt, max } from 'drizzle-orm';
import { sessionEvents } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import type { Db } from '../../db/client.js';
import { requireSession } from '../../sessions/require-session.js';
import { claimStreamSlot, MAX_STREAMS_PER_SESSION } from '../../streams/event-stream-slots.js';
import { streamHoldingSlot } from '../../streams/slot-stream.js';
import { callerOnly } from '../caller.js';
import { errorResponses } from '../router.js';
import type { Router } from '../router-types.js';
import { SessionIdParam, StreamQuery, StreamResumeHeaders } from './schema.js';

/** How often the stream reads new events; heartbeats (and renewals of the stream's slot) come
 * every HEARTBEAT_EVERY quiet reads. */
const POLL_MS = 500;
const HEARTBEAT_EVERY = 30;
/** Events written per read: a long resume is sent in pages, not one huge query. */
const PAGE = 100;
/** A stream closes after this long; EventSource reconnects by itself (sending Last-Event-ID). */
const MAX_STREAM_MS = 30 * 60 * 1000;

const route = createRoute({
  method: 'get',
  path: '/sessions/{sessionId}/events/stream',
  tags: ['Webhook'],
  summary: "Follow a session's events live (Server-Sent Events)",
  description:
    'Every event the session makes (all of them, whatever the webhooks filter), as SSE: `event:` the name (message.received, ' +
    '…), `id:` its sequence number, `data:` the envelope a webhook gets. A comment `: heartbeat` keeps idle connections open. ' +
    'Starts with new events; `Last-Event-ID` (sent by EventSource when it reconnects) or `?after=` resumes after that number ' +
    `with the events still stored (kept RETENTION_SESSION_EVENTS_MS, default 1 day). A session may hold ${MAX_STREAMS_PER_SESSION} ` +
    'open streams (429 past that); a stream closes after 30 minutes and EventSource reconnects.',
  ...callerOnly(),
  request: { params: SessionIdParam, query: StreamQuery, headers: StreamResumeHeaders },
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses(400, 401, 403, 404, 429),
  },
});

async function lastSeq(db: Db, sessionId: string): Promise<number> {
  const [row] = await db
    .select({ seq: max(sessionEvents.seq) })
    .from(sessionEvents)
    .where(eq(sessionEvents.sessionId, sessionId));
  return row?.seq ?? 0;
}

function eventsAfter(db: Db, sessionId: string, after: number) {
  return db
    .select({ seq: sessionEvents.seq, event: sessionEvents.event, body: sessionEvents.body })
    .from(sessionEvents)
    .where(and(eq(sessionEvents.sessionId, sessionId), gt(sessionEvents.seq, after)))
    .orderBy(asc(sessionEvents.seq))
    .limit(PAGE);
}

export function registerSessionEventStream(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const resumeAfter = c.req.valid('header')['last-event-id'] ?? c.req.valid('query').after;
    const { db, clock } = c.var.deps;
    await requireSession(db, sessionId);
    let after = resumeAfter ?? (await lastSeq(db, sessionId));
    const openedAt = clock();
    const slot = await claimStreamSlot(db, sessionId, openedAt);
    return streamHoldingSlot(c, slot, async (stream, isOpen) => {
      let quiet = 0;
      await stream.write(': connected\n\n');
      while (isOpen() && clock() - openedAt < MAX_STREAM_MS) {
        const rows = await eventsAfter(db, sessionId, after);
        for (const row of rows) {
          await stream.writeSSE({ event: row.event, data: row.body, id: String(row.seq) });
          after = row.seq;
        }
        if (rows.length === PAGE) continue; // more stored: send them before waiting
        if (++quiet % HEARTBEAT_EVERY === 0) {
          await stream.write(': heartbeat\n\n');
          await slot.renew(clock());
        }
        await stream.sleep(POLL_MS);
      }
    });
  });
}
