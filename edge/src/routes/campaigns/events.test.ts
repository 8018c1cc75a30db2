import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../shared/src/db/schema.js';
import { sseReader } from '../../../../test-support/sse-reader.js';
import { startTestStack, type TestStack } from '../../../../test-support/stack.js';
import { MAX_STREAMS_PER_SESSION } from '../../streams/event-stream-slots.js';

let stack: TestStack;
let a: Record<string, string>;
beforeAll(async () => {
  stack = await startTestStack();
  a = { authorization: `Bearer ${await stack.createSession('sse')}` };
});
afterAll(async () => stack?.close());

async function newCampaign(sessionId = 'sse', headers = a) {
  const res = await stack.json('POST', '/api/v1/campaigns', {
    body: { name: 'Live', sessionId, message: { type: 'text', content: 'Hi' }, recipients: [{ number: '6281234567890' }, { number: '6289876543210' }] },
    headers,
  });
  return res.body.id as string;
}

describe('GET /campaigns/:id/events', () => {
  it('streams progress with statistics at once, then each change, and ends when the campaign finishes', async () => {
    const id = await newCampaign();
    const res = await stack.fetch(`/api/v1/campaigns/${id}/events`, { headers: a });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = sseReader(res);
    const first = await sse.next();
    expect(first?.event).toBe('progress');
    expect(JSON.parse(first!.data!)).toEqual({ id, status: 'draft', statusDetail: null, statistics: { total: 2, sent: 0, failed: 0, pending: 2 } });
    expect(sse.comments).toContain(': connected');

    await stack.json('POST', `/api/v1/campaigns/${id}/start`, { headers: a });
    await stack.host.db
      .update(t.campaignRecipients)
      .set({ status: 'sent' })
      .where(and(eq(t.campaignRecipients.campaignId, id), eq(t.campaignRecipients.position, 0)));
    let progress = JSON.parse((await sse.next())!.data!);
    if (progress.statistics.sent === 0) progress = JSON.parse((await sse.next())!.data!);
    expect(progress).toMatchObject({ status: 'running', statistics: { total: 2, sent: 1, failed: 0, pending: 1 } });

    await stack.host.db.update(t.campaignRecipients).set({ status: 'failed' }).where(eq(t.campaignRecipients.campaignId, id));
    await stack.host.db.update(t.campaigns).set({ status: 'completed' }).where(eq(t.campaigns.id, id));
    let last = await sse.next();
    while (last && last.event !== 'end') last = await sse.next();
    expect(JSON.parse(last!.data!)).toMatchObject({ status: 'completed', statistics: { total: 2, sent: 0, failed: 2, pending: 0 } });
    expect(await sse.next()).toBeNull();
  });

  it('the client may read the first event and cancel', async () => {
    const id = await newCampaign();
    const res = await stack.fetch(`/api/v1/campaigns/${id}/events`, { headers: a });
    const sse = sseReader(res);
    expect(JSON.parse((await sse.next())!.data!).statistics).toEqual({ total: 2, sent: 0, failed: 0, pending: 2 });
    await sse.cancel();
    expect((await stack.json('GET', `/api/v1/campaigns/${id}?pageSize=1`, { headers: a })).status).toBe(200);
  });

  it('tells the client when the campaign is deleted meanwhile', async () => {
    const id = await newCampaign();
    const sse = sseReader(await stack.fetch(`/api/v1/campaigns/${id}/events`, { headers: a }));
    await sse.next();
    await stack.json('DELETE', `/api/v1/campaigns/${id}`, { headers: a });
    let event = await sse.next();
    while (event && event.event !== 'deleted') event = await sse.next();
    expect(event).toMatchObject({ event: 'deleted', data: JSON.stringify({ id }) });
  });

  it('unknown campaign → 404 JSON; no credentials → 401', async () => {
    const res = await stack.json('GET', '/api/v1/campaigns/campaign_1_abcdef/events', { headers: a });
    expect(res).toEqual({ status: 404, body: { status: 'error', message: 'Campaign campaign_1_abcdef not found.' } });
    expect((await stack.json('GET', '/api/v1/campaigns/campaign_1_abcdef/events')).status).toBe(401);
  });
});

describe('open event streams per session', () => {
  const openSlots = async (sessionId: string) => (await stack.host.db.select().from(t.eventStreams).where(eq(t.eventStreams.sessionId, sessionId))).length;

  it(`holds at most ${MAX_STREAMS_PER_SESSION} at once: the next is 429; a closed stream frees its slot`, async () => {
    const headers = { authorization: `Bearer ${await stack.createSession('sse-cap')}` };
    const id = await newCampaign('sse-cap', headers);
    const open = [];
    for (let i = 0; i < MAX_STREAMS_PER_SESSION; i++) {
      const sse = sseReader(await stack.fetch(`/api/v1/campaigns/${id}/events`, { headers }));
      expect((await sse.next())?.event).toBe('progress');
      open.push(sse);
    }
    const refused = await stack.json('GET', `/api/v1/campaigns/${id}/events`, { headers });
    expect(refused).toEqual({
      status: 429,
      body: {
        status: 'error',
        message: `Too many open event streams for session sse-cap: at most ${MAX_STREAMS_PER_SESSION} at once. Close one and try again.`,
      },
    });
    // Another session's streams are not affected.
    const other = sseReader(await stack.fetch(`/api/v1/campaigns/${await newCampaign()}/events`, { headers: a }));
    expect((await other.next())?.event).toBe('progress');
    await other.cancel();

    await open.pop()!.cancel();
    // Through dispatchFetch workerd sees the cancel at the stream's next write (a heartbeat at the latest).
    await expect.poll(() => openSlots('sse-cap'), { timeout: 60_000, interval: 100 }).toBe(MAX_STREAMS_PER_SESSION - 1);
    const again = await stack.fetch(`/api/v1/campaigns/${id}/events`, { headers });
    expect(again.status).toBe(200);
    await again.body!.cancel();
    for (const sse of open) await sse.cancel();
  });

  it('does not count slots of streams that died without releasing them', async () => {
    const headers = { authorization: `Bearer ${await stack.createSession('sse-stale')}` };
    const id = await newCampaign('sse-stale', headers);
    const past = Date.now() - 1;
    await stack.host.db
      .insert(t.eventStreams)
      .values(Array.from({ length: MAX_STREAMS_PER_SESSION }, (_, i) => ({ id: `stale-${i}`, sessionId: 'sse-stale', expiresAt: past })));
    const res = await stack.fetch(`/api/v1/campaigns/${id}/events`, { headers });
    expect(res.status).toBe(200);
    await res.body!.cancel();
    expect((await stack.host.db.select().from(t.eventStreams).where(eq(t.eventStreams.id, 'stale-0'))).length).toBe(0);
  });
});
