import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, screenshot, signInAsAdmin, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
const csvPath = join('test-output', 'dashboard-vip.csv');
const badCsvPath = join('test-output', 'dashboard-nonumber.csv');
beforeAll(async () => {
  rig = await startRig();
  writeFileSync(
    csvPath,
    'number,name,companyName,city\n6281234567890,John Doe,Tech Corp,Jakarta\n12,Too Short,,Bandung\n6289876543210,Jane Smith,Digital Agency,Surabaya\n',
  );
  writeFileSync(badCsvPath, 'name,city\nJohn,Jakarta\n');
});
afterAll(async () => rig?.close());

/** A list of the test's own, made through the API, so no test needs another to have run first. */
async function listOfOwn(name: string): Promise<void> {
  const res = await rig.stack.json('POST', '/api/v1/recipient-lists', {
    body: { name, recipients: [{ number: '6281111111111', name: 'Own' }] },
    headers: { 'x-master-key': rig.stack.masterKey },
  });
  expect(res.status).toBe(201);
}

describe('recipient lists page', () => {
  it('creates a list from a CSV and reports the one bad row with its line number; search, tag filter, export, edit, clone, delete', async () => {
    const { page, context, errors } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.getByRole('link', { name: 'Recipient lists' }).click();
    await expect.poll(() => page.locator('#list-name').isVisible(), WAIT).toBe(true);

    await page.locator('#list-name').fill('VIP Customers');
    await page.locator('#list-tags').fill('VIP, Premium');
    await page.getByLabel(/Recipients from a CSV file/).setInputFiles(csvPath);
    await page.getByRole('button', { name: 'Create list' }).click();
    await expect.poll(() => page.locator('#import-errors li').allTextContents(), WAIT).toEqual([expect.stringMatching(/^Line 3: .*number/)]);
    expect(await page.locator('#import-summary').textContent()).toContain('Imported 2 new recipient(s)');
    await expect.poll(() => page.locator('#members tbody tr').count(), WAIT).toBe(2);
    expect(await page.locator('#members tbody').textContent()).toContain('city: Jakarta');
    await screenshot(page, 'lists');

    await page.getByLabel('Search').fill('nothing like it');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('#lists-empty').isVisible(), WAIT).toBe(true);
    await page.getByLabel('Search').fill('vip');
    await page.getByLabel('Tag', { exact: true }).fill('premium');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('#lists tbody tr').count(), WAIT).toBe(1);

    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const exported = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(exported.split(/\r?\n/)[0]).toBe('number,name,jobTitle,companyName,city');
    expect(exported).toContain('6289876543210,Jane Smith,,Digital Agency,Surabaya');

    await page.locator('#edit-name').fill('VIP Customers 2025');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('#panel-title').textContent(), WAIT).toBe('List: VIP Customers 2025');

    page.once('dialog', (dialog) => void dialog.accept('VIP copy'));
    await page.getByRole('button', { name: 'Clone…' }).click();
    await expect.poll(() => page.locator('#panel-title').textContent(), WAIT).toBe('List: VIP copy');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete…' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), WAIT).toMatch(/deleted/);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Tag', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('#lists tbody').textContent(), WAIT).toContain('VIP Customers 2025');
    expect(await page.locator('#lists tbody').textContent()).not.toContain('VIP copy');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the API error for a CSV without a number column', async () => {
    const { page, context } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await listOfOwn('Import target');
    await page.goto('/dashboard/lists');
    await page.locator('#lists tbody tr', { hasText: 'Import target' }).getByRole('button', { name: 'Open' }).click();
    await page.getByLabel('Import CSV').setInputFiles(badCsvPath);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toMatch(/number/i);
    await context.close();
  });

  it('is readable at 375 px wide without horizontal scrolling of the page', async () => {
    const { page, context } = await rig.newPage({ width: 375, height: 800 });
    await signInAsAdmin(page, rig.stack);
    await listOfOwn('Narrow screen');
    await page.goto('/dashboard/lists');
    await expect.poll(() => page.locator('#lists tbody').textContent(), WAIT).toContain('Narrow screen');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'lists-375px');
    await context.close();
  });
});
