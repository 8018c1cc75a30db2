import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../../../shared/src/db/schema.js';
import { startTestStack, type TestStack } from '../../../../test-support/stack.js';

let stack: TestStack;
let a: Record<string, string>;
let b: Record<string, string>;
let master: Record<string, string>;
beforeAll(async () => {
  stack = await startTestStack();
  a = { authorization: `Bearer ${await stack.createSession('life-a')}` };
  b = { authorization: `Bearer ${await stack.createSession('life-b')}` };
  master = { 'x-master-key': stack.masterKey };
});
afterAll(async () => stack?.close());

async function newCampaign(count = 3, extra: Record<string, unknown> = {}, headers = a, sessionId = 'life-a') {
  const recipients = Array.from({ length: count }, (_, i) => ({ number: `6281${String(i).padStart(9, '0')}`, name: `R${i}` }));
  const res = await stack.json('POST', '/api/v1/campaigns', {
    body: { name: 'Life', sessionId, message: { type: 'text', content: 'Hi {{Name}}' }, recipients, ...extra },
    headers,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const act = (id: string, action: string, headers = a) => stack.json('POST', `/api/v1/campaigns/${id}/${action}`, { headers });
const statusOf = async (id: string) => (await stack.json('GET', `/api/v1/campaigns/${id}?pageSize=1`, { headers: a })).body.status;

/** What the session host's runner will do: mark recipients sent or failed. */
async function runnerMarks(id: string, positions: number[], status: 'sent' | 'failed' | 'sending') {
  await stack.host.db
    .update(t.campaignRecipients)
    .set({
      status,
      attempts: 1,
      ...(status === 'sent' ? { waMessageId: '3EB0ABCDEF', sentAt: 1_734_681_600_000 } : {}),
      ...(status === 'failed' ? { lastError: 'not on WhatsApp' } : {}),
    })
    .where(and(eq(t.campaignRecipients.campaignId, id), inArray(t.campaignRecipients.position, positions)));
}

describe('state transitions', () => {
  it('draft → start → running → pause → paused → resume → running; each answers the campaign', async () => {
    const id = await newCampaign();
    const started = await act(id, 'start');
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'success', id, campaign: { status: 'running', startedAt: expect.any(String) } });
    const paused = await act(id, 'pause');
    expect(paused.body.campaign.status).toBe('paused');
    const resumed = await act(id, 'resume');
    expect(resumed.body.campaign).toMatchObject({ status: 'running', startedAt: started.body.campaign.startedAt });
  });

  it('invalid transitions → 409 with a clear message, status unchanged', async () => {
    const id = await newCampaign();
    const resumeDraft = await act(id, 'resume');
    expect(resumeDraft.status).toBe(409);
    expect(resumeDraft.body.message).toBe(`Campaign ${id} is draft; resume needs a campaign that is paused.`);
    expect((await act(id, 'pause')).status).toBe(409);
    await act(id, 'start');
    const again = await act(id, 'start');
    expect(again).toEqual({ status: 409, body: { status: 'error', message: `Campaign ${id} is already running.` } });
    expect((await act(id, 'resume')).status).toBe(409);
    await act(id, 'pause');
    expect((await act(id, 'pause')).body.message).toBe(`Campaign ${id} is already paused.`);
    await stack.host.db.update(t.campaigns).set({ status: 'completed' }).where(eq(t.campaigns.id, id));
    for (const action of ['start', 'pause', 'resume']) {
      const res = await act(id, action);
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('has finished');
    }
    expect(await statusOf(id)).toBe('completed');
  });

  it('a scheduled campaign can start early, or pause and resume back to scheduled', async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const early = await newCampaign(1, { scheduledAt: at });
    expect((await act(early, 'start')).body.campaign.status).toBe('running');
    const later = await newCampaign(1, { scheduledAt: at });
    expect((await act(later, 'pause')).body.campaign.status).toBe('paused');
    expect((await act(later, 'resume')).body.campaign.status).toBe('scheduled');
  });

  it('unknown campaign → 404, malformed id → 400', async () => {
    expect((await act('campaign_1_abcdef', 'start')).status).toBe(404);
    const bad = await act('nope', 'start');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('campaignId');
  });
});

describe('statistics and details', () => {
  it('statistics always match the recipient rows, in the list and in the details', async () => {
    const id = await newCampaign(5);
    await act(id, 'start');
    await runnerMarks(id, [0, 1], 'sent');
    await runnerMarks(id, [2], 'failed');
    await runnerMarks(id, [3], 'sending');
    const stats = { total: 5, sent: 2, failed: 1, pending: 2 };
    const details = await stack.json('GET', `/api/v1/campaigns/${id}`, { headers: a });
    expect(details.body).toMatchObject({ recipientCount: 5, statistics: stats });
    const list = await stack.json('GET', '/api/v1/campaigns', { headers: a });
    expect(list.body.find((c: any) => c.id === id)).toMatchObject({ status: 'running', recipientCount: 5, statistics: stats });
    expect(details.body.recipients[0]).toEqual({
      position: 0,
      number: '6281000000000',
      name: 'R0',
      jobTitle: null,
      companyName: null,
      customFields: {},
      status: 'sent',
      attempts: 1,
      lastError: null,
      messageId: '3EB0ABCDEF',
      sentAt: '2024-12-20T08:00:00.000Z',
    });
    expect(details.body.recipients[2]).toMatchObject({ status: 'failed', lastError: 'not on WhatsApp', messageId: null });
  });

  it('paginates recipients and filters them by status', async () => {
    const id = await newCampaign(12);
    await runnerMarks(id, [1, 5, 7], 'failed');
    const page = await stack.json('GET', `/api/v1/campaigns/${id}?page=2&pageSize=5`, { headers: a });
    expect(page.body.recipients.map((r: any) => r.position)).toEqual([5, 6, 7, 8, 9]);
    expect(page.body.pagination).toEqual({ page: 2, pageSize: 5, total: 12, totalPages: 3, hasMore: true });
    const failed = await stack.json('GET', `/api/v1/campaigns/${id}?status=failed&pageSize=2`, { headers: a });
    expect(failed.body.recipients.map((r: any) => r.position)).toEqual([1, 5]);
    expect(failed.body.pagination).toEqual({ page: 1, pageSize: 2, total: 3, totalPages: 2, hasMore: true });
    for (const query of ['page=0', 'pageSize=5001', 'status=done']) {
      const res = await stack.json('GET', `/api/v1/campaigns/${id}?${query}`, { headers: a });
      expect(res.status, query).toBe(400);
      expect(res.body.message).toContain(query.split('=')[0]);
    }
  });

  it('GET needs credentials (401); an unknown campaign is 404 and a malformed id 400 on details and events', async () => {
    expect((await stack.json('GET', '/api/v1/campaigns')).status).toBe(401);
    expect((await stack.json('GET', '/api/v1/campaigns/campaign_1_abcdef', { headers: a })).status).toBe(404);
    expect((await stack.json('DELETE', '/api/v1/campaigns/campaign_1_abcdef', { headers: a })).status).toBe(404);
    for (const path of ['/api/v1/campaigns/nope', '/api/v1/campaigns/nope/events']) {
      const res = await stack.json('GET', path, { headers: a });
      expect(res.status, path).toBe(400);
      expect(res.body.message).toContain('campaignId');
    }
  });

  it('GET /campaigns filters by status and sessionId; a bad status filter → 400', async () => {
    const id = await newCampaign(1);
    await act(id, 'start');
    const running = await stack.json('GET', '/api/v1/campaigns?status=running', { headers: a });
    expect(running.body.every((c: any) => c.status === 'running')).toBe(true);
    expect(running.body.map((c: any) => c.id)).toContain(id);
    expect((await stack.json('GET', '/api/v1/campaigns?status=nope', { headers: a })).status).toBe(400);
    const bySession = await stack.json('GET', '/api/v1/campaigns?sessionId=life-a', { headers: master });
    expect(bySession.body.every((c: any) => c.sessionId === 'life-a')).toBe(true);
  });
});

describe('DELETE /campaigns/:id', () => {
  it('removes the campaign and its recipients; a second DELETE is 404', async () => {
    const id = await newCampaign(3);
    await act(id, 'start');
    const res = await stack.json('DELETE', `/api/v1/campaigns/${id}`, { headers: a });
    expect(res).toEqual({ status: 200, body: { status: 'success', message: `Campaign ${id} deleted.` } });
    expect(await stack.host.db.select().from(t.campaigns).where(eq(t.campaigns.id, id))).toHaveLength(0);
    expect(await stack.host.db.select().from(t.campaignRecipients).where(eq(t.campaignRecipients.campaignId, id))).toHaveLength(0);
    expect((await stack.json('DELETE', `/api/v1/campaigns/${id}`, { headers: a })).status).toBe(404);
  });
});

describe('ownership', () => {
  it("session B sees none of A's campaigns and gets 404 on each of them; the master key sees and manages all", async () => {
    const id = await newCampaign(2);
    expect((await stack.json('GET', '/api/v1/campaigns', { headers: b })).body.map((c: any) => c.id)).not.toContain(id);
    const calls: [string, string][] = [
      ['GET', `/api/v1/campaigns/${id}`],
      ['GET', `/api/v1/campaigns/${id}/events`],
      ['POST', `/api/v1/campaigns/${id}/start`],
      ['POST', `/api/v1/campaigns/${id}/pause`],
      ['POST', `/api/v1/campaigns/${id}/resume`],
      ['DELETE', `/api/v1/campaigns/${id}`],
    ];
    for (const [method, path] of calls) {
      const res = await stack.json(method, path, { headers: b });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.message).toBe(`Campaign ${id} not found.`);
      expect((await stack.json(method, path)).status).toBe(401);
    }
    expect(await statusOf(id)).toBe('draft');
    expect((await stack.json('GET', '/api/v1/campaigns', { headers: master })).body.map((c: any) => c.id)).toContain(id);
    expect((await act(id, 'start', master)).body.campaign.status).toBe('running');
    expect((await stack.json('DELETE', `/api/v1/campaigns/${id}`, { headers: master })).status).toBe(200);
  });
});
