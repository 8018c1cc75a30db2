import { createRoute, z } from '@hono/zod-openapi';
import { isFinal } from '../../../../shared/src/campaigns/status.js';
import { campaigns } from '../../../../shared/src/db/schema.js';
import type { Principal } from '../../auth/principal.js';
import { requirePrincipal } from '../../auth/principal.js';
import type { Db } from '../../db/client.js';
import { ApiError } from '../../errors.js';
import { errorResponses } from '../router.js';
import { campaignNotFound, visibleCampaign } from './access.js';
import type { Router } from '../router-types.js';
import { statisticsById, statsQuery } from './rows.js';
import { CampaignIdParam } from './schema.js';
import { claimStreamSlot, MAX_STREAMS_PER_SESSION } from '../../streams/event-stream-slots.js';
import { streamHoldingSlot } from '../../streams/slot-stream.js';
import { callerOnly } from '../caller.js';

/** How often the stream reads the campaign, and how many quiet polls pass between heartbeats
 * (and renewals of the stream's slot). */
export const POLL_MS = 1000;
const HEARTBEAT_EVERY = 15;
/** A stream closes after this long; EventSource reconnects by itself (sending Last-Event-ID). */
export const MAX_STREAM_MS = 30 * 60 * 1000;

const route = createRoute({
  method: 'get',
  path: '/campaigns/{campaignId}/events',
  tags: ['Campaigns'],
  summary: 'Follow a campaign in real time (Server-Sent Events)',
  description:
    'A `progress` event (data: `{ id, status, statusDetail, statistics }`) at once and whenever the status or statistics change ' +
    '(read every second). A comment line `: heartbeat` keeps idle connections open. When the campaign reaches completed, failed or ' +
    'cancelled the stream sends `end` with the final progress and closes; `deleted` if the campaign is deleted meanwhile. ' +
    `A campaign of another session is 404. A session may hold ${MAX_STREAMS_PER_SESSION} open streams (429 past that); ` +
    'a stream closes after 30 minutes and EventSource reconnects.',
  ...callerOnly(),
  request: { params: CampaignIdParam },
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...errorResponses(400, 401, 404, 429),
  },
});

async function readProgress(db: Db, principal: Principal, campaignId: string) {
  const [rows, stats] = await db.batch([
    db
      .select({ sessionId: campaigns.sessionId, status: campaigns.status, statusDetail: campaigns.statusDetail })
      .from(campaigns)
      .where(visibleCampaign(principal, campaignId)),
    statsQuery(db, campaignId),
  ]);
  const row = rows[0];
  if (!row) return null;
  const statistics = statisticsById(stats).get(campaignId) ?? { total: 0, sent: 0, failed: 0, pending: 0 };
  return { sessionId: row.sessionId, progress: { id: campaignId, status: row.status, statusDetail: row.statusDetail, statistics } };
}

export function registerCampaignEvents(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { campaignId } = c.req.valid('param');
    const { db, clock } = c.var.deps;
    const first = await readProgress(db, principal, campaignId);
    if (!first) throw new ApiError(404, campaignNotFound(campaignId));
    const openedAt = clock();
    const slot = await claimStreamSlot(db, first.sessionId, openedAt);
    return streamHoldingSlot(c, slot, async (stream, isOpen) => {
      let progress = first.progress;
      let sent = '';
      let seq = 0;
      let quiet = 0;
      let polls = 0;
      await stream.write(': connected\n\n');
      while (isOpen() && clock() - openedAt < MAX_STREAM_MS) {
        const data = JSON.stringify(progress);
        const final = isFinal(progress.status);
        if (data !== sent || final) {
          await stream.writeSSE({ event: final ? 'end' : 'progress', data, id: String(++seq) });
          sent = data;
          quiet = 0;
        } else if (++quiet % HEARTBEAT_EVERY === 0) await stream.write(': heartbeat\n\n');
        if (final) break;
        await stream.sleep(POLL_MS);
        if (!isOpen()) break;
        const next = await readProgress(db, principal, campaignId);
        if (!next) {
          await stream.writeSSE({ event: 'deleted', data: JSON.stringify({ id: campaignId }), id: String(++seq) });
          break;
        }
        progress = next.progress;
        if (++polls % HEARTBEAT_EVERY === 0) await slot.renew(clock());
      }
    });
  });
}
