import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../shared/src/db/schema.js';
import { startTestStack, type TestStack } from '../../../../test-support/stack.js';

let stack: TestStack;
let a: Record<string, string>;
beforeAll(async () => {
  stack = await startTestStack();
  a = { authorization: `Bearer ${await stack.createSession('sse')}` };
});
afterAll(async () => stack?.close());

type SseEvent = { event?: string; data?: string; id?: string };

/** Reads events (not comments) off an SSE body. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const comments: string[] = [];
  return {
    comments,
    async next(): Promise<SseEvent | null> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            const match = /^(event|data|id): ?(.*)$/.exec(line);
            if (match) event[match[1] as keyof SseEvent] = match[2];
          }
          if (event.data !== undefined) return event;
          continue;
        }
        const { done, value } = await reader.read();
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

async function newCampaign() {
  const res = await stack.json('POST', '/api/v1/campaigns', {
    body: { name: 'Live', sessionId: 'sse', message: { type: 'text', content: 'Hi' }, recipients: [{ number: '6281234567890' }, { number: '6289876543210' }] },
    headers: a,
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
    await stack.host.db.update(t.campaignRecipients).set({ status: 'sent' }).where(and(eq(t.campaignRecipients.campaignId, id), eq(t.campaignRecipients.position, 0)));
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
