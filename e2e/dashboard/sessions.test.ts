import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, pairSession, screenshot, signInAsAdmin, signInWithToken, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
const ALICE = '6281111111111';
beforeAll(async () => {
  rig = await startRig();
  rig.sim.addContact(ALICE, { name: 'Alice' });
});
afterAll(async () => rig?.close());

async function apiSession(sessionId: string) {
  const { body } = await rig.stack.json('GET', '/api/v1/sessions', { headers: { 'x-master-key': rig.stack.masterKey } });
  return (body as { sessionId: string; status: string; qr: string | null }[]).find((s) => s.sessionId === sessionId);
}

describe('sessions page', () => {
  it('creates a session, shows its token once with a copy button and its QR as an image; the scan turns it Connected without a reload', async () => {
    const { page, context, errors } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/sessions');
    await page.getByLabel('Session ID').fill('sales');
    await page.getByRole('button', { name: 'Create' }).click();
    const tokenText = page.locator('#new-token-value');
    await expect.poll(() => tokenText.textContent(), WAIT).toMatch(/^wag_/);
    expect(await page.getByRole('button', { name: 'Copy token' }).isVisible()).toBe(true);

    const card = page.locator('[data-session="sales"]');
    const qr = card.getByRole('img', { name: /QR code to link session sales/ });
    await qr.waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), WAIT).toBe(true);
    await expect.poll(() => card.locator('.badge').first().textContent(), WAIT).toBe('QR');
    await screenshot(page, 'sessions-qr');

    const marker = await page.evaluate(() => ((window as unknown as { marker: number }).marker = Math.random()));
    const { qr: payload } = (await apiSession('sales'))!;
    await rig.sim.scan(payload!, { phone: '6280000000001', name: 'John Doe' });
    await expect.poll(() => card.locator('.badge').first().textContent(), WAIT).toBe('CONNECTED');
    expect(await card.textContent()).toContain('Connected as John Doe');
    await expect.poll(() => qr.isHidden(), WAIT).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(marker);
    await screenshot(page, 'sessions');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a duplicate session id with the API message', async () => {
    const { page, context } = await rig.newPage();
    await rig.stack.createSession('taken');
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/sessions');
    await page.getByLabel('Session ID').fill('taken');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toBe('Session taken already exists.');
    await context.close();
  });

  it('sends a test text from the session page and the simulated contact receives it', async () => {
    await pairSession(rig, 'tester', '6280000000002', 'Tester');
    const { page, context, errors } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/sessions');
    await page.locator('[data-session="tester"]').getByRole('link', { name: 'Webhook, deliveries, test message' }).click();
    await page.waitForURL('**/dashboard/sessions/tester');
    await expect.poll(() => page.locator('#status').textContent(), WAIT).toBe('CONNECTED');
    await page.getByLabel('To (number with country code, or JID)').fill(ALICE);
    await page.getByLabel('Text', { exact: true }).fill('Hello from the dashboard');
    await page.getByRole('button', { name: 'Send' }).click();
    const [sent] = await rig.sim.waitForSent(ALICE, { pred: (m) => m.text === 'Hello from the dashboard' });
    expect(sent!.text).toBe('Hello from the dashboard');
    await expect.poll(() => page.locator('#messages li').first().textContent(), WAIT).toContain(sent!.id);
    await screenshot(page, 'session-detail');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a session-token user sees only their own session and is refused another one', async () => {
    const token = await rig.stack.createSession('own');
    await rig.stack.createSession('other');
    const { page, context, errors } = await rig.newPage();
    await signInWithToken(page, token);
    await page.goto('/dashboard/sessions');
    await expect.poll(() => page.locator('[data-session]').count(), WAIT).toBe(1);
    expect(await page.locator('[data-session="own"]').count()).toBe(1);
    expect(await page.locator('#create-session').count()).toBe(0);
    expect(await page.locator('.who').textContent()).toBe('Session own');
    await screenshot(page, 'sessions-as-session');
    const other = await page.evaluate(async () => {
      const res = await fetch('/api/v1/webhook?sessionId=other');
      return { status: res.status, body: await res.json() };
    });
    expect(other).toEqual({ status: 403, body: { status: 'error', message: 'This token belongs to another session and cannot act on session other.' } });
    await page.goto('/dashboard/sessions/other');
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toContain('another session');
    expect(errors.filter((e) => !e.includes('403'))).toEqual([]);
    await context.close();
  });
});
