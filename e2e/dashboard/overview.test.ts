// The overview page (the dashboard's home) in Chromium: after real traffic through the simulator,
// its numbers match it and its uPlot charts are drawn on their canvases from those counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, pairSession, screenshot, signInAsAdmin, signInWithToken, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
let shopToken = '';
let quietToken = '';
const SHOP = '6280000000301';
const CONTACTS = ['6281730000001', '6281730000002', '6281730000003', '6281730000004'];

beforeAll(async () => {
  rig = await startRig();
  for (const n of CONTACTS) rig.sim.addContact(n, { name: `Contact ${n.slice(-1)}` });
  shopToken = await pairSession(rig, 'shop', SHOP, 'Shop');
  quietToken = await pairSession(rig, 'quiet', '6280000000302', 'Quiet');
  const headers = { authorization: `Bearer ${shopToken}` };
  for (const to of CONTACTS.slice(0, 2)) {
    const res = await rig.stack.json('POST', '/api/v1/messages?sessionId=shop', {
      body: { recipient_type: 'individual', to, type: 'text', text: { body: 'Hi' } },
      headers,
    });
    await rig.sim.waitForSent(to, { pred: (m) => m.id === res.body[0].messageId });
  }
  await rig.sim.sendFrom(CONTACTS[0]!, { text: 'Hello back' }, { to: SHOP });
  // a campaign that stays running: one send, then a minute's wait before the next
  const campaign = await rig.stack.json('POST', '/api/v1/campaigns', {
    body: {
      name: 'Slow launch',
      sessionId: 'shop',
      message: { type: 'text', content: 'Launch {{Name}}' },
      recipients: CONTACTS.slice(2).map((number) => ({ number, name: number.slice(-1) })),
      settings: { delayBetweenMessages: 60_000 },
    },
    headers,
  });
  await rig.stack.json('POST', `/api/v1/campaigns/${campaign.body.id}/start`, { headers });
  await rig.sim.waitForSent(CONTACTS[2]!, { pred: (m) => m.text === 'Launch 3' });
  // every count stored (the simulated contacts send delivery and read receipts by themselves)
  const master = { 'x-master-key': rig.stack.masterKey };
  const want = JSON.stringify({ sent: 3, delivered: 3, read: 3, failed: 0, received: 1 });
  let totals = '';
  for (let i = 0; i < 300 && totals !== want; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    totals = JSON.stringify((await rig.stack.json('GET', '/api/v1/analytics?sessionId=shop', { headers: master })).body.totals);
  }
  if (totals !== want) throw new Error(`the counts did not arrive: ${totals}`);
}, 180_000);
afterAll(async () => rig?.close());

/** How many pixels of the canvas in `selector` are drawn in the 'sent' line's green (#1a7f37). */
const greenPixels = (selector: string) => {
  const canvas = document.querySelector<HTMLCanvasElement>(`${selector} canvas`);
  if (!canvas) return -1;
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let n = 0;
  for (let i = 0; i < data.length; i += 4)
    if (data[i + 3]! > 200 && Math.abs(data[i]! - 26) < 30 && Math.abs(data[i + 1]! - 127) < 30 && Math.abs(data[i + 2]! - 55) < 30) n++;
  return n;
};

describe('overview page', () => {
  it('is the dashboard home: sessions by status, the day in numbers, both charts drawn from the counts, the running campaign with its rate', async () => {
    const { page, context, errors } = await rig.newPage();
    // every file the page loads, the chart library included, comes from the gateway itself
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(rig.base) && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard');
    await page.waitForURL('**/dashboard/overview');
    expect(await page.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');

    await expect.poll(() => page.locator('#total-sent').textContent(), WAIT).toBe('3');
    expect(await page.locator('#total-delivered').textContent()).toBe('3');
    expect(await page.locator('#total-read').textContent()).toBe('3');
    expect(await page.locator('#total-failed').textContent()).toBe('0');
    expect(await page.locator('#total-received').textContent()).toBe('1');
    expect(await page.locator('#ratio-delivered').textContent()).toBe('100.0 %');
    expect(await page.locator('#ratio-read').textContent()).toBe('100.0 %');
    expect(await page.locator('#webhooks-pending').textContent()).toBe('0');
    expect(await page.locator('#sessions-by-status [data-status="CONNECTED"]').textContent()).toBe('CONNECTED 2');

    for (const chart of ['#chart-minute', '#chart-hour']) {
      expect(await page.locator(`${chart} canvas`).count()).toBe(1);
      expect(await page.locator(chart).getAttribute('data-sent')).toBe('3');
      expect(await page.locator(chart).getAttribute('data-received')).toBe('1');
      // the sent line is on the canvas
      expect(await page.evaluate(greenPixels, chart)).toBeGreaterThan(10);
    }
    // uPlot's legend names the series
    expect(await page.locator('#chart-minute .u-legend').textContent()).toContain('Received');

    const running = page.locator('#running tbody tr', { hasText: 'Slow launch' });
    await expect.poll(() => running.count(), WAIT).toBe(1);
    expect(await running.textContent()).toContain('1 of 2');
    expect(await running.locator('td').nth(3).textContent()).toBe('0.2');
    expect(await running.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    await screenshot(page, 'overview');
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a session's token sees its own session only: no traffic, an empty chart and no campaign", async () => {
    const { page, context, errors } = await rig.newPage();
    await signInWithToken(page, quietToken);
    await page.goto('/dashboard/overview');
    await expect.poll(() => page.locator('#updated').getAttribute('datetime'), WAIT).not.toBeNull();
    expect(await page.locator('#total-sent').textContent()).toBe('0');
    expect(await page.locator('#sessions-by-status [data-status]').allTextContents()).toEqual(['CONNECTED 1']);
    expect(await page.locator('#chart-minute').getAttribute('data-sent')).toBe('0');
    expect(await page.evaluate(greenPixels, '#chart-minute')).toBe(0);
    expect(await page.locator('#running-empty').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
