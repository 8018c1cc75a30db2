// The session hosts page in Chromium, over two host processes (as e2e/hosts.test.ts starts them):
// an admin drains one from the page, its sessions move to the other without a QR, and the page
// shows it draining with 0 sessions; undrained, it is live again. Only admins get the page.
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../shared/src/db/schema.js';
import { startChildGateway, type ChildGateway } from '../../test-support/child-gateway.js';
import { WAIT, launchChromium, openPage, screenshot, signInAsUser, signInWithToken } from './harness.js';

/** A handoff closes a socket and connects it on the other host: longer than a page round trip. */
const HANDOFF = { timeout: 600_000, interval: 200 };

let gw: ChildGateway;
let browser: Browser;
beforeAll(async () => {
  gw = await startChildGateway({ LEASE_TTL_MS: '10000' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

const holderOf = async (sessionId: string) => (await gw.db.select().from(t.hostLeases).where(eq(t.hostLeases.sessionId, sessionId)))[0]?.hostId;

describe('hosts page', () => {
  it('lists both hosts with their load; Drain after a confirmation moves its sessions and shows it draining with 0; Undrain makes it live', async () => {
    for (const hostId of ['page-host-a', 'page-host-b']) await gw.startHost({ hostId });
    const master = { 'x-master-key': gw.masterKey };
    await expect
      .poll(async () => (await gw.json('GET', '/api/v1/hosts', { headers: master })).body.hosts.filter((h: { live: boolean }) => h.live).length, HANDOFF)
      .toBe(2);
    // Placed on the least loaded host, a tie to the lower id: 1 and 3 on a, 2 on b.
    const token = await gw.pairSession('hosts-1', '6285400000001', 'Hosts One');
    await gw.pairSession('hosts-2', '6285400000002', 'Hosts Two');
    await gw.pairSession('hosts-3', '6285400000003', 'Hosts Three');
    expect(await Promise.all(['hosts-1', 'hosts-2', 'hosts-3'].map(holderOf))).toEqual(['page-host-a', 'page-host-b', 'page-host-a']);

    const { page, errors } = await openPage(browser, gw.url.origin);
    await signInAsUser(page, gw.admin.username, gw.admin.password);
    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    await page.waitForURL('**/dashboard/hosts');
    const row = (hostId: string) => page.locator(`#hosts tr[data-host="${hostId}"]`);
    const shown = async (hostId: string) => ({
      state: await row(hostId).getAttribute('data-state'),
      sessions: await row(hostId).locator('.sessions').textContent(),
    });
    await expect.poll(() => shown('page-host-a'), WAIT).toEqual({ state: 'live', sessions: '2' });
    expect(await shown('page-host-b')).toEqual({ state: 'live', sessions: '1' });
    expect(await row('page-host-a').textContent()).toMatch(/http:\/\/127\.0\.0\.1:\d+/);

    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Drain page-host-a' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), WAIT).toBe('Session host page-host-a is handing 2 sessions to other hosts.');
    expect(asked).toEqual(['Drain page-host-a? Its 2 sessions move to the other hosts, and it takes none until undrained.']);

    // The page follows the handoff by itself (it re-reads every 5 s).
    await expect.poll(() => shown('page-host-a'), HANDOFF).toEqual({ state: 'draining', sessions: '0' });
    await expect.poll(() => shown('page-host-b'), HANDOFF).toEqual({ state: 'live', sessions: '3' });
    expect(await Promise.all(['hosts-1', 'hosts-2', 'hosts-3'].map(holderOf))).toEqual(['page-host-b', 'page-host-b', 'page-host-b']);
    // Moved with their credentials: connected again, no QR to scan.
    for (const id of ['hosts-1', 'hosts-3']) expect(await gw.waitForSession(id, (s) => s.status === 'CONNECTED', 600_000)).toMatchObject({ qr: null });
    await screenshot(page, 'hosts');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Undrain page-host-a' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), WAIT).toBe('Session host page-host-a takes sessions again.');
    await expect.poll(() => shown('page-host-a'), WAIT).toEqual({ state: 'live', sessions: '0' });
    expect(errors).toEqual([]);

    // A session's own sign-in sees no Hosts link, and the page refuses it.
    const session = await openPage(browser, gw.url.origin);
    await signInWithToken(session.page, token);
    expect(await session.page.getByRole('link', { name: 'Hosts', exact: true }).count()).toBe(0);
    expect((await session.page.goto('/dashboard/hosts'))?.status()).toBe(403);
  }, 600_000);
});
