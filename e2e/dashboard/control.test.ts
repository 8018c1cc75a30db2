import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, screenshot, signInAsAdmin, signInWithToken, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => rig?.close());

const op = (page: import('playwright-core').Page, method: string, path: string) =>
  page.locator('details.op').filter({ has: page.locator('summary', { hasText: new RegExp(`^${method}\\s+${path.replace(/[{}/]/g, '\\$&')} —`) }) });

describe('API control center', () => {
  it('lists every documented operation and sends real requests with the admin cookie', async () => {
    const { page, context, errors } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.getByRole('link', { name: 'API control center' }).click();
    await expect.poll(() => page.locator('details.op').count(), WAIT).toBeGreaterThan(20);
    expect(await page.getByLabel('Send requests as').inputValue()).toBe('cookie');

    const create = op(page, 'POST', '/sessions');
    await create.locator('summary').click();
    const body = create.getByLabel('Body (application/json)');
    expect(JSON.parse(await body.inputValue())).toEqual({ sessionId: '', defaultCountry: '' });
    await body.fill('{ "sessionId": "from-console" }');
    await create.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => create.locator('pre.response').textContent(), WAIT).toContain('Session from-console created.');
    expect(await create.textContent()).toContain('HTTP 201');

    await page.getByLabel('Find an endpoint').fill('pairing');
    await expect.poll(() => page.locator('details.op:visible').count(), WAIT).toBe(1);
    const pairing = op(page, 'POST', '/sessions/{sessionId}/pairing-code');
    await pairing.locator('summary').click();
    await pairing.getByRole('button', { name: 'Send request' }).click();
    // The browser's own validation keeps the request from going out without its path parameter.
    const field = pairing.getByLabel('sessionId (path, required)');
    expect(await field.evaluate((input: HTMLInputElement) => input.validity.valueMissing && input.matches(':focus'))).toBe(true);
    expect(await pairing.locator('pre.response').count()).toBe(0);
    await page.getByLabel('Find an endpoint').fill('');
    await screenshot(page, 'api-control-center');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("prefills a session user's own token and shows the API's 403 for another session", async () => {
    const token = await rig.stack.createSession('console-user');
    const { page, context } = await rig.newPage();
    await signInWithToken(page, token);
    await page.goto('/dashboard/api');
    await expect.poll(() => page.getByLabel('Bearer token (prefilled for the signed-in session)').inputValue(), WAIT).toBe(token);
    expect(await page.getByLabel('Send requests as').inputValue()).toBe('console-user');
    const get = op(page, 'GET', '/webhook');
    await get.locator('summary').click();
    const sessionField = get.getByLabel('sessionId (query, required)');
    await sessionField.fill('console-user');
    await get.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => get.textContent(), WAIT).toContain('HTTP 200');
    await sessionField.fill('from-console');
    await get.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => get.textContent(), WAIT).toContain('HTTP 403');
    expect(await get.locator('pre.response').textContent()).toContain('This token belongs to another session');
    await screenshot(page, 'api-control-center-session');
    await context.close();
  });
});
