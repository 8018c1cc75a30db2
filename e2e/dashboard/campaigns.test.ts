import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, pairSession, screenshot, signInAsAdmin, signInWithToken, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
let token = '';
let listId = '';
const TWENTY = Array.from({ length: 20 }, (_, i) => String(6281700000000 + i));

beforeAll(async () => {
  rig = await startRig();
  for (const n of TWENTY) rig.sim.addContact(n, { name: `Contact ${n.slice(-2)}` });
  token = await pairSession(rig, 'shop', '6280000000201', 'Shop');
  const list = await rig.stack.json('POST', '/api/v1/recipient-lists', {
    body: { name: 'Twenty', recipients: TWENTY.map((number, i) => ({ number, name: `Person ${i + 1}`, city: i === 0 ? 'Jakarta' : 'Bandung' })) },
    headers: { authorization: `Bearer ${token}` },
  });
  listId = list.body.id;
}, 120_000);
afterAll(async () => rig?.close());

describe('campaigns page', () => {
  it('previews the message for the first recipients, flags an unknown placeholder, shows the API refusal, then creates the campaign', async () => {
    const { page, context, errors } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Launch');
    await page.getByLabel('Session').selectOption('shop');
    await expect.poll(() => page.locator(`#c-list option[value="${listId}"]`).count(), WAIT).toBe(1);
    await page.getByLabel('List', { exact: true }).selectOption(listId);
    await page.getByLabel(/^Text \(or caption\)/).fill('Hi {{Name}} from {{City}}, {{Coupon}}!');
    await expect.poll(() => page.locator('#preview article').count(), WAIT).toBe(3);
    expect(await page.locator('#preview article').first().textContent()).toBe('Hi Person 1 from Jakarta, {{Coupon}}!');
    expect(await page.locator('#preview mark.unknown').first().textContent()).toBe('{{Coupon}}');
    expect(await page.locator('#preview [role=alert]').textContent()).toContain('Unknown placeholder(s): Coupon');
    await page.getByLabel('Delay between messages (ms)').fill('0');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toContain('Coupon');

    await page.getByLabel(/^Text \(or caption\)/).fill('Hi {{Name}} from {{City}}!');
    await expect.poll(() => page.locator('#preview mark.unknown').count(), WAIT).toBe(0);
    await page.getByRole('button', { name: 'Create campaign' }).click();
    // Other tests' campaigns may be listed too: this one is the card named Launch.
    const card = page.locator('[data-campaign]', { hasText: 'Launch' });
    await expect.poll(() => card.count(), WAIT).toBe(1);
    expect(await card.locator('.badge').first().textContent()).toBe('draft');
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
    // The refused create is the only console entry: Chromium logs every 4xx response.
    expect(errors).toEqual([expect.stringContaining('status of 400')]);
    await context.close();
  });

  it('starts a 20-recipient campaign and its bar moves to 100 % live; the detail page lists every recipient as sent', async () => {
    // A session of its own: another test's campaign on 'shop' may be running with its delays.
    const liveToken = await pairSession(rig, 'live', '6280000000202', 'Live');
    const headers = { authorization: `Bearer ${liveToken}` };
    const list = await rig.stack.json('POST', '/api/v1/recipient-lists', {
      body: { name: 'Twenty for live', recipients: TWENTY.map((number, i) => ({ number, name: `Person ${i + 1}`, city: i === 0 ? 'Jakarta' : 'Bandung' })) },
      headers,
    });
    const created = await rig.stack.json('POST', '/api/v1/campaigns', {
      body: {
        name: 'Twenty live',
        sessionId: 'live',
        message: { type: 'text', content: 'Hi {{Name}} from {{City}}!' },
        recipientListId: list.body.id,
        settings: { delayBetweenMessages: 0 },
      },
      headers,
    });
    expect(created.status).toBe(201);
    const { page, context, errors } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/campaigns');
    const card = page.locator(`[data-campaign="${created.body.id}"]`);
    const bar = card.getByRole('progressbar');
    // Every value the bar shows, recorded in the page as it is set (cards are redrawn after an
    // action, so the whole list is watched): proof that it moved live.
    await expect.poll(() => bar.getAttribute('aria-valuenow'), WAIT).toBe('0');
    await page.evaluate((id) => {
      const value = () => document.querySelector(`[data-campaign="${id}"] [role=progressbar]`)?.getAttribute('aria-valuenow') ?? null;
      const seen = new Set([value()]);
      (window as unknown as { barValues: Set<string | null> }).barValues = seen;
      new MutationObserver(() => seen.add(value())).observe(document.getElementById('campaigns')!, { subtree: true, childList: true, attributes: true });
    }, created.body.id);
    await card.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => card.locator('.badge').first().textContent(), WAIT).toBe('completed');
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    const shown = await page.evaluate(() => [...(window as unknown as { barValues: Set<string | null> }).barValues]);
    expect(shown.length).toBeGreaterThan(2);
    expect(await card.textContent()).toContain('20 sent · 0 failed · 0 pending · 20 total');
    await page.waitForTimeout(600); // the bar's width transition, for the screenshot only
    await screenshot(page, 'campaigns');
    const [sent] = await rig.sim.waitForSent(TWENTY[19]!, { pred: (m) => m.text === 'Hi Person 20 from Bandung!' });
    expect(sent!.text).toBe('Hi Person 20 from Bandung!');

    await card.getByRole('link').first().click();
    await page.waitForURL('**/dashboard/campaigns/campaign_*');
    await expect.poll(() => page.locator('#recipients tbody tr').count(), WAIT).toBe(20);
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('#recipients-empty').isVisible(), WAIT).toBe(true);
    await page.getByLabel('Status').selectOption('sent');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('#recipients tbody tr').count(), WAIT).toBe(20);
    await screenshot(page, 'campaign-detail');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('creates from typed recipients on a schedule, pauses and resumes it; from a CSV with its bad row reported; names a missing list', async () => {
    const { page, context } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/campaigns');
    await expect.poll(() => page.locator('#c-session option').count(), WAIT).toBeGreaterThan(0);
    await page.getByLabel('Name', { exact: true }).fill('No list');
    await page.getByLabel(/^Text \(or caption\)/).fill('Hello');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toBe('Choose a recipient list.');

    await page.getByLabel('Session').selectOption('shop');
    await page.getByLabel('Typed here').check();
    await page.getByLabel('One recipient per line: number, name').fill(`${TWENTY[0]}, Ann\n${TWENTY[1]}, Ben`);
    await page.getByLabel('Name', { exact: true }).fill('Later');
    await page.getByLabel(/^Text \(or caption\)/).fill('Hello {{Name}}');
    await expect.poll(() => page.locator('#preview article').allTextContents(), WAIT).toEqual(['Hello Ann', 'Hello Ben']);
    const inAnHour = await page.evaluate(() => {
      const d = new Date(Date.now() + 3600_000);
      return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    });
    await page.getByLabel('Schedule (optional, your local time)').fill(inAnHour);
    await page.getByRole('button', { name: 'Create campaign' }).click();
    const later = page.locator('[data-campaign]', { hasText: 'Later' });
    await expect.poll(() => later.locator('.badge').first().textContent(), WAIT).toBe('scheduled');
    expect(await later.textContent()).toContain('scheduled ');
    await later.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => later.locator('.badge').first().textContent(), WAIT).toBe('paused');
    await later.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => later.locator('.badge').first().textContent(), WAIT).not.toBe('paused');

    const csv = join('test-output', 'dashboard-campaign.csv');
    writeFileSync(csv, `number,name\n${TWENTY[2]},Cat\nnot-a-number,Dog\n${TWENTY[3]},Eve\n`);
    await page.getByLabel('Name', { exact: true }).fill('From CSV');
    await page.getByLabel('A CSV file').check();
    await page.getByLabel('CSV file (header number,name,…)').setInputFiles(csv);
    await page.getByLabel(/^Text \(or caption\)/).fill('Hi {{Name}}');
    await expect.poll(() => page.locator('#preview article').first().textContent(), WAIT).toBe('Hi Cat');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(() => page.locator('#csv-errors li').allTextContents(), WAIT).toEqual([expect.stringMatching(/^Line 3: /)]);
    const fromCsv = page.locator('[data-campaign]', { hasText: 'From CSV' });
    await expect.poll(() => fromCsv.textContent(), WAIT).toContain('2 total');
    await context.close();
  });

  it('previews a semicolon CSV with quoted names exactly as the import reads it', async () => {
    const { page, context } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/campaigns');
    const csv = join('test-output', 'dashboard-campaign-semicolon.csv');
    writeFileSync(
      csv,
      `\ufeffNumber;Name;City\r\n"${TWENTY[4]}";"Doe, Jane";"Jakarta; Selatan"\r\nnot-a-number;Dog;x\r\n${TWENTY[5]};"Said ""Hi""";Bandung\r\n`,
    );
    await page.getByLabel('A CSV file').check();
    await page.getByLabel('CSV file (header number,name,…)').setInputFiles(csv);
    await page.getByLabel(/^Text \(or caption\)/).fill('Hi {{Name}} in {{City}}');
    await expect.poll(() => page.locator('#preview article').allTextContents(), WAIT).toEqual(['Hi Doe, Jane in Jakarta; Selatan', 'Hi Said "Hi" in Bandung']);
    expect(await page.locator('#preview').textContent()).toContain('1 row(s) of the file will be left out');
    await context.close();
  });

  it("previews a CSV's national-format numbers in E.164, read in the signed-in session's country; without one they are left out", async () => {
    const created = await rig.stack.json('POST', '/api/v1/sessions', {
      body: { sessionId: 'preview-id', defaultCountry: 'ID' },
      headers: { 'x-master-key': rig.stack.masterKey },
    });
    const csv = join('test-output', 'dashboard-campaign-national.csv');
    writeFileSync(csv, 'number,name\n0812-3456-7890,Budi\n0813 1111 2222,Sari\n');
    const preview = async (signIn: (page: Awaited<ReturnType<typeof rig.newPage>>['page']) => Promise<void>) => {
      const { page, context } = await rig.newPage();
      await signIn(page);
      await page.goto('/dashboard/campaigns');
      await page.getByLabel('A CSV file').check();
      await page.getByLabel('CSV file (header number,name,…)').setInputFiles(csv);
      await page.getByLabel(/^Text \(or caption\)/).fill('Hi {{Name}} at {{Number}}');
      return { page, context };
    };
    const asSession = await preview((page) => signInWithToken(page, created.body.token));
    await expect
      .poll(() => asSession.page.locator('#preview article').allTextContents(), WAIT)
      .toEqual(['Hi Budi at 6281234567890', 'Hi Sari at 6281311112222']);
    await asSession.context.close();

    const asAdmin = await preview((page) => signInAsAdmin(page, rig.stack));
    await expect.poll(() => asAdmin.page.locator('#preview').textContent(), WAIT).toBe('2 row(s) of the file will be left out; the import names each one.');
    await asAdmin.context.close();
  });

  it('a session-token user sees its own campaigns only, and can delete one after confirming', async () => {
    const mine = await rig.stack.createSession('mine');
    const other = await rig.stack.createSession('elsewhere');
    const campaign = (name: string, sessionId: string, bearer: string) =>
      rig.stack.json('POST', '/api/v1/campaigns', {
        body: { name, sessionId, message: { type: 'text', content: 'x' }, recipients: [{ number: '6281800000000' }] },
        headers: { authorization: `Bearer ${bearer}` },
      });
    for (const name of ['Mine one', 'Mine two']) expect((await campaign(name, 'mine', mine)).status).toBe(201);
    expect((await campaign('Not yours', 'elsewhere', other)).status).toBe(201);
    const { page, context } = await rig.newPage();
    await signInWithToken(page, mine);
    await page.goto('/dashboard/campaigns');
    await expect
      .poll(() => page.locator('[data-campaign]').allTextContents(), WAIT)
      .toEqual([expect.stringContaining('Mine'), expect.stringContaining('Mine')]);
    expect(await page.locator('#campaigns').textContent()).not.toContain('Not yours');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-campaign]', { hasText: 'Mine one' }).getByRole('button', { name: 'Delete…' }).click();
    await expect.poll(() => page.locator('[data-campaign]').allTextContents(), WAIT).toEqual([expect.stringContaining('Mine two')]);
    await context.close();
  });
});
