import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, screenshot, signInAsAdmin, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => rig?.close());

describe('dashboard sign-in in a browser', () => {
  it('refuses a wrong password and says so', async () => {
    const { page, context } = await rig.newPage();
    await page.goto('/dashboard/login');
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in with password' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toContain('Wrong user name or password');
    expect(page.url()).toContain('/dashboard/login');
    await screenshot(page, 'login-refused');
    await context.close();
  });

  it('works from the keyboard alone', async () => {
    const { page, context } = await rig.newPage();
    await page.goto('/dashboard/login');
    await page.keyboard.press('Tab');
    await page.keyboard.type(rig.stack.admin.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(rig.stack.admin.password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/dashboard/overview');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('wa-gateway');
    await context.close();
  });

  it('lays every page out within 375 px, without console errors', async () => {
    const { page, context, errors } = await rig.newPage({ width: 375, height: 800 });
    await signInAsAdmin(page, rig.stack);
    await rig.stack.createSession('narrow');
    for (const [path, ready] of [
      ['/dashboard/overview', '#updated[datetime]'],
      ['/dashboard/sessions', '[data-session="narrow"]'],
      ['/dashboard/sessions/narrow', '#webhook-url:not(:empty)'],
      ['/dashboard/sessions/narrow/inbox', '#live.sent'],
      ['/dashboard/lists', '#lists-empty:not([hidden])'],
      ['/dashboard/campaigns', '#campaigns-empty:not([hidden])'],
      ['/dashboard/api', 'details.op'],
      ['/dashboard/hosts', '#hosts tr[data-host]'],
    ] as const) {
      await page.goto(path);
      await page.locator(ready).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(375);
      await screenshot(page, `375px${path.replace(/\//g, '-')}`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs the admin in, then out', async () => {
    const { page, context, errors } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await expect.poll(() => page.locator('.who').textContent(), WAIT).toBe('Admin admin');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'wag_dashboard')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/dashboard/login');
    await page.goto('/dashboard/sessions');
    expect(page.url()).toContain('/dashboard/login?next=%2Fdashboard%2Fsessions');
    expect(errors).toEqual([]);
    await context.close();
  });
});
