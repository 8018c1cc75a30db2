// The campaign runner end to end: edge API → libSQL → session host runner → send queue → Baileys →
// the simulator, whose contacts decrypt what arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { campaignRecipients, campaigns } from '../../shared/src/db/schema.js';
import { startGateway, type Gateway } from '../../test-support/gateway.js';
import { startWebhookReceiver } from '../../test-support/webhook-receiver.js';
import { act, bearer, createCampaign, details, followEvents, idsPerRecipient, numbers, sleep, waitForCampaign } from './helpers.js';

let gw: Gateway;
let tokenA: string;
let tokenB: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const ACCOUNT_A = '6280000000101';
const ACCOUNT_B = '6280000000102';
const FIFTY = numbers(6281300000000, 50);
const TWENTY = numbers(6281400000000, 20);
const SCHEDULED = numbers(6281500000000, 3);
const STRANGERS = numbers(6289900000000, 2);
const FRIEND = '6281600000000';

beforeAll(async () => {
  gw = await startGateway();
  for (const n of [...FIFTY, ...TWENTY, ...SCHEDULED, FRIEND]) gw.sim.addContact(n, { name: `Contact ${n.slice(-3)}` });
  for (const n of STRANGERS) gw.sim.refuse(n);
  tokenA = await gw.pairSession('camp-a', ACCOUNT_A, 'Shop A');
  tokenB = await gw.pairSession('camp-b', ACCOUNT_B, 'Shop B');
  receiver = await startWebhookReceiver();
  const hook = await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'camp-a', url: receiver.url }, headers: bearer(tokenA) });
  expect(hook.status).toBeLessThan(300);
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

/** Reads the campaign row directly, fast enough to see a detail that lasts about a second. */
async function waitForDetail(id: string, pred: (detail: string | null) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [row] = await gw.stack.host.db.select().from(campaigns).where(eq(campaigns.id, id));
    if (row && pred(row.statusDetail)) return row;
    await sleep(20);
  }
  throw new Error(`campaign ${id}: statusDetail never matched`);
}

let markers = 0;
/** Proves the runner claims nothing more of a stopped campaign, without waiting a while for
 * nothing: once its in-flight recipient (if any) has settled, a one-recipient campaign started
 * after it must complete (a session's campaigns run one at a time, the oldest running first, so
 * the runner has looked at the session again in between). Returns how many of `recipients` the
 * simulator had got before the marker went out. */
async function sentBeforeMarker(campaignId: string, recipients: string[]): Promise<number> {
  await expect
    .poll(
      async () =>
        (
          await gw.stack.host.db
            .select()
            .from(campaignRecipients)
            .where(and(eq(campaignRecipients.campaignId, campaignId), eq(campaignRecipients.status, 'sending')))
        ).length,
      { timeout: 30_000, interval: 50 },
    )
    .toBe(0);
  const settled = gw.sim.sent().filter((m) => recipients.includes(m.to)).length;
  const marker = `62817900${String(++markers).padStart(5, '0')}`;
  gw.sim.addContact(marker);
  const id = await createCampaign(gw.stack, tokenA, textCampaign(`Marker ${markers}`, [personalised(marker, 0)], { delayBetweenMessages: 0, maxRetries: 0 }));
  await act(gw.stack, tokenA, id, 'start');
  await waitForCampaign(gw.stack, tokenA, id, (c) => c.status === 'completed');
  await gw.sim.waitForSent(marker);
  return settled;
}

const textCampaign = (name: string, recipients: unknown[], settings: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  name,
  sessionId: 'camp-a',
  message: { type: 'text', content: 'Hi {{Name}} of {{Company}}, your code is {{code}} ({{Number}})' },
  recipients,
  settings,
  ...extra,
});
const personalised = (n: string, i: number) => ({ number: n, name: `Name${i}`, companyName: `Co${i}`, customFields: { code: `C-${i}` } });
const expectedText = (n: string, i: number) => `Hi Name${i} of Co${i}, your code is C-${i} (${n})`;

describe('campaign runner', () => {
  it('50 recipients with placeholders: each decrypts its own text once; SSE and webhooks follow the statistics', async () => {
    const id = await createCampaign(gw.stack, tokenA, textCampaign('Fifty', FIFTY.map(personalised), { delayBetweenMessages: 30, maxRetries: 1 }));
    const sse = await followEvents(gw.stack, tokenA, id);
    expect((await act(gw.stack, tokenA, id, 'start')).status).toBe(200);
    const done = await waitForCampaign(gw.stack, tokenA, id, (c) => c.status === 'completed', 60_000);
    expect(done.statistics).toEqual({ total: 50, sent: 50, failed: 0, pending: 0 });
    expect(done.statusDetail).toBe('50 sent, 0 failed.');

    const byTo = idsPerRecipient(gw.sim.sent(), (m) => FIFTY.includes(m.to));
    expect(byTo.size).toBe(50);
    for (const [i, n] of FIFTY.entries()) {
      const ids = [...byTo.get(n)!];
      expect(ids, n).toHaveLength(1);
      const recipient = done.recipients.find((r) => r.number === n);
      expect(recipient).toMatchObject({ status: 'sent', attempts: 1, messageId: ids[0], sentAt: expect.any(String) });
      expect(gw.sim.sent(n).map((m) => m.text)).toContain(expectedText(n, i));
    }

    await sse.done;
    const progress = sse.events.filter((e) => e.event === 'progress').map((e) => e.data.statistics.sent as number);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(sse.events.at(-1)).toMatchObject({ event: 'end', data: { status: 'completed', statistics: { total: 50, sent: 50, failed: 0, pending: 0 } } });

    const completed = await receiver.waitFor((r) => r.body.event === 'campaign.completed' && r.body.data.id === id);
    expect(completed.body).toMatchObject({ sessionId: 'camp-a', data: { status: 'completed', statistics: { total: 50, sent: 50, failed: 0, pending: 0 } } });
    const hooks = receiver.delivered().filter((r) => r.body.event === 'campaign.progress' && r.body.data.id === id);
    expect(hooks.length).toBeGreaterThanOrEqual(1);
    for (const h of hooks) {
      const s = h.body.data.statistics;
      expect(s.total).toBe(50);
      expect(s.sent + s.failed + s.pending).toBe(50);
    }
  });

  it('pause stops after the in-flight message; resume sends the rest, each recipient once', async () => {
    const id = await createCampaign(gw.stack, tokenA, textCampaign('Pausable', TWENTY.map(personalised), { delayBetweenMessages: 100, maxRetries: 1 }));
    await act(gw.stack, tokenA, id, 'start');
    await waitForCampaign(gw.stack, tokenA, id, (c) => c.statistics.sent >= 5);
    expect((await act(gw.stack, tokenA, id, 'pause')).status).toBe(200);
    const atPause = await sentBeforeMarker(id, TWENTY);
    expect(gw.sim.sent().filter((m) => TWENTY.includes(m.to)).length).toBe(atPause);
    const paused = await details(gw.stack, tokenA, id);
    expect(paused.status).toBe('paused');
    expect(paused.statistics.sent).toBeLessThan(20);

    expect((await act(gw.stack, tokenA, id, 'resume')).status).toBe(200);
    const done = await waitForCampaign(gw.stack, tokenA, id, (c) => c.status === 'completed');
    expect(done.statistics).toEqual({ total: 20, sent: 20, failed: 0, pending: 0 });
    const byTo = idsPerRecipient(gw.sim.sent(), (m) => TWENTY.includes(m.to));
    expect(byTo.size).toBe(20);
    for (const ids of byTo.values()) expect(ids.size).toBe(1);
    // Positions go out in order: resume continued from the first pending recipient.
    const order = gw.sim
      .sent()
      .filter((m) => TWENTY.includes(m.to))
      .map((m) => m.to);
    expect([...new Set(order)]).toEqual(TWENTY);
  });

  it('scheduled 2 s ahead: starts by itself', async () => {
    const scheduledAt = new Date(Date.now() + 2000).toISOString();
    const id = await createCampaign(
      gw.stack,
      tokenA,
      textCampaign('Later', SCHEDULED.map(personalised), { delayBetweenMessages: 0, maxRetries: 0 }, { scheduledAt }),
    );
    expect((await details(gw.stack, tokenA, id)).status).toBe('scheduled');
    // Nobody starts it: the runner wakes for it on its own, and not before its time.
    const [first] = await gw.sim.waitForSent(SCHEDULED[0]!, { timeoutMs: 45_000 });
    expect(first!.at).toBeGreaterThanOrEqual(Date.parse(scheduledAt) - 50);
    const done = await waitForCampaign(gw.stack, tokenA, id, (c) => c.status === 'completed');
    expect(done.statistics.sent).toBe(3);
  });

  it('numbers not on WhatsApp fail at once with the reason (permanent, no retries); all failed → campaign failed', async () => {
    const id = await createCampaign(gw.stack, tokenA, textCampaign('Strangers', STRANGERS.map(personalised), { delayBetweenMessages: 0, maxRetries: 3 }));
    await act(gw.stack, tokenA, id, 'start');
    const done = await waitForCampaign(gw.stack, tokenA, id, (c) => c.status === 'failed');
    expect(done.statistics).toEqual({ total: 2, sent: 0, failed: 2, pending: 0 });
    for (const r of done.recipients)
      expect(r).toMatchObject({ status: 'failed', attempts: 1, lastError: `${r.number} is not on WhatsApp`, messageId: expect.any(String) });
    expect(done.statusDetail).toContain('All 2 recipients failed');
    await receiver.waitFor((r) => r.body.event === 'campaign.completed' && r.body.data.id === id && r.body.data.status === 'failed');
  });

  it('a send that keeps failing is retried maxRetries times with backoff, then failed with the reason', async () => {
    const id = await createCampaign(gw.stack, tokenA, {
      name: 'Broken link',
      sessionId: 'camp-a',
      message: { type: 'image', link: `${gw.stack.url.origin}/no-such-image.jpg`, caption: 'for {{Name}}' },
      recipients: [{ number: FRIEND, name: 'Friend' }],
      settings: { delayBetweenMessages: 0, maxRetries: 1 },
    });
    await act(gw.stack, tokenA, id, 'start');
    const done = await waitForCampaign(gw.stack, tokenA, id, (c) => c.status !== 'running', 20_000);
    expect(done.status).toBe('failed');
    expect(done.recipients[0]).toMatchObject({ status: 'failed', attempts: 2, lastError: expect.stringContaining('404') });
    expect(gw.sim.sent(FRIEND).filter((m) => m.from === ACCOUNT_A)).toHaveLength(0);
  });

  it('a disconnected session: the campaign waits (statusDetail says why) and continues on reconnect', async () => {
    const some = numbers(6281900000000, 12);
    for (const n of some) gw.sim.addContact(n);
    const id = await createCampaign(gw.stack, tokenA, textCampaign('Flaky network', some.map(personalised), { delayBetweenMessages: 100, maxRetries: 3 }));
    await act(gw.stack, tokenA, id, 'start');
    await gw.sim.waitForSent(some[2]!, { timeoutMs: 10_000 });
    expect(gw.sim.drop(ACCOUNT_A)).toBeGreaterThan(0);
    const seen = await waitForDetail(id, (detail) => detail === 'Waiting for session camp-a to reconnect to WhatsApp.');
    expect(seen.status).toBe('running');
    const done = await waitForCampaign(gw.stack, tokenA, id, (c) => c.status === 'completed', 30_000);
    expect(done.statistics).toEqual({ total: 12, sent: 12, failed: 0, pending: 0 });
    const byTo = idsPerRecipient(gw.sim.sent(), (m) => some.includes(m.to));
    expect(byTo.size).toBe(12);
    for (const ids of byTo.values()) expect(ids.size).toBe(1);
  });

  it('delete stops a running campaign', async () => {
    const many = numbers(6281700000000, 30);
    for (const n of many) gw.sim.addContact(n);
    const id = await createCampaign(gw.stack, tokenA, textCampaign('Doomed', many.map(personalised), { delayBetweenMessages: 100, maxRetries: 0 }));
    await act(gw.stack, tokenA, id, 'start');
    await gw.sim.waitForSent(many[2]!, { timeoutMs: 10_000 });
    expect((await gw.stack.json('DELETE', `/api/v1/campaigns/${id}`, { headers: bearer(tokenA) })).status).toBe(200);
    const atDelete = await sentBeforeMarker(id, many);
    expect(gw.sim.sent().filter((m) => many.includes(m.to)).length).toBe(atDelete);
    expect(atDelete).toBeLessThan(30);
  });

  it("a token of session A cannot start, pause, resume or delete session B's campaign", async () => {
    const id = await createCampaign(gw.stack, tokenB, {
      ...textCampaign('B only', [personalised(FRIEND, 9)], { delayBetweenMessages: 0, maxRetries: 0 }),
      sessionId: 'camp-b',
    });
    for (const action of ['start', 'pause', 'resume'] as const) expect((await act(gw.stack, tokenA, id, action)).status).toBe(404);
    expect((await gw.stack.json('DELETE', `/api/v1/campaigns/${id}`, { headers: bearer(tokenA) })).status).toBe(404);
    // Refused before anything was claimed: no recipient of it ever reached the send queue.
    const [untouched] = await gw.stack.host.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, id));
    expect(untouched).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await details(gw.stack, tokenB, id)).status).toBe('draft');
    expect(gw.sim.sent(FRIEND).filter((m) => m.from === ACCOUNT_B)).toHaveLength(0);
    expect((await act(gw.stack, tokenB, id, 'start')).status).toBe(200);
    const [sent] = await gw.sim.waitForSent(FRIEND, { pred: (m) => m.from === ACCOUNT_B });
    expect(sent!.text).toBe(expectedText(FRIEND, 9));
  });
});
