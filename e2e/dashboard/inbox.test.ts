// The inbox in Chromium, signed in as an operator of the session: a simulated contact writes, the
// chat appears and updates without a reload (the session's event stream), the operator replies and
// the contact decrypts the reply; the chat is read. Contact text stays text (no markup runs).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInUser, type SignedInUser } from '../../test-support/dashboard-users.js';
import { pngImage } from '../../test-support/fixtures.js';
import { SCREENSHOTS, WAIT, pairSession, screenshot, signInAsUser, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
let operator: SignedInUser;
const ANI = '6281344440001';
const CHAT = `${ANI}@s.whatsapp.net`;

beforeAll(async () => {
  rig = await startRig();
  rig.sim.addContact(ANI, { name: 'Ani' });
  await pairSession(rig, 'shop', '6280000000401', 'Toko Ani');
  await rig.stack.createSession('other-shop');
  operator = await createSignedInUser((path, init) => fetch(new URL(path, rig.base), init), {
    masterKey: rig.stack.masterKey,
    origin: rig.base,
    username: 'rina',
    sessionIds: ['shop'],
  });
}, 120_000);
afterAll(async () => rig?.close());

describe('inbox page', () => {
  it('shows a new chat live, opens it, replies (the contact decrypts it) and reads it', async () => {
    const { page, context, errors } = await rig.newPage();
    await signInAsUser(page, operator.username, operator.password);
    await page.goto('/dashboard/sessions/shop/inbox');
    await expect.poll(() => page.locator('#live').textContent(), WAIT).toBe('live');
    expect(await page.locator('#chats-empty').isVisible()).toBe(true);
    // Marks this document: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));

    const chat = page.locator(`[data-chat="${CHAT}"]`);
    await rig.sim.sendFrom(ANI, { text: 'Halo, masih buka?' });
    await expect.poll(() => chat.locator('.unread').textContent(), WAIT).toBe('1');
    expect(await chat.locator('.chat-name').textContent()).toBe('Ani');
    expect(await chat.locator('.chat-preview').textContent()).toBe('Halo, masih buka?');
    await rig.sim.sendFrom(ANI, { image: { bytes: pngImage(160, 120), mimetype: 'image/png', caption: 'yang ini' } });
    await expect.poll(() => chat.locator('.unread').textContent(), WAIT).toBe('2');
    expect(await chat.locator('.chat-preview').textContent()).toBe('🖼 Photo: yang ini');

    await chat.click();
    const bubbles = page.locator('#bubbles');
    await expect.poll(() => bubbles.locator('.bubble.in').count(), WAIT).toBe(2);
    expect(await bubbles.locator('.bubble.in.text .text').textContent()).toBe('Halo, masih buka?');
    // The thumbnail is the stored copy, loaded from the gateway's media route.
    const thumb = bubbles.locator('.bubble.in.image img');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), WAIT).toBeGreaterThan(0);
    expect(await thumb.getAttribute('src')).toMatch(/^\/api\/v1\/media\/[0-9a-f-]{36}\.png$/);

    // More while the chat is open: the conversation grows without a reload; markup stays text.
    const hostile = '<img src=x onerror="window.pwned=1">';
    await rig.sim.sendFrom(ANI, { location: { latitude: -6.2, longitude: 106.8, name: 'Toko Ani' } });
    const lastIn = await rig.sim.sendFrom(ANI, { text: hostile });
    await expect.poll(() => bubbles.locator('.bubble.in').count(), WAIT).toBe(4);
    expect(await bubbles.locator('.bubble.in.location').textContent()).toContain('📍 Toko Ani');
    expect(await bubbles.locator('.bubble.in.text .text').last().textContent()).toBe(hostile);
    expect(await chat.locator('.unread').textContent()).toBe('4');

    await page.getByLabel('Reply').fill('Masih, sampai jam 9 malam');
    await page.getByRole('button', { name: 'Send' }).click();
    const [reply] = await rig.sim.waitForSent(ANI);
    expect(reply).toMatchObject({ text: 'Masih, sampai jam 9 malam' });
    // Answering read the chat: the contact sees its latest message read, the badge is gone.
    await rig.sim.waitForReadReceipt(ANI, lastIn);
    await expect.poll(() => chat.locator('.unread').count(), WAIT).toBe(0);
    const sent = bubbles.locator(`.bubble.out[data-id="${reply!.id}"]`);
    await expect.poll(() => sent.locator('.meta').textContent(), WAIT).toMatch(/· (sent|delivered|read)$/);
    expect(await chat.locator('.chat-preview').textContent()).toBe('You: Masih, sampai jam 9 malam');

    expect(await page.evaluate(() => ({ same: (window as { sameDocument?: boolean }).sameDocument, pwned: (window as { pwned?: number }).pwned }))).toEqual({
      same: true,
      pwned: undefined,
    });
    await screenshot(page, 'inbox');
    mkdirSync(join('docs', 'screenshots'), { recursive: true });
    copyFileSync(join(SCREENSHOTS, 'inbox.png'), join('docs', 'screenshots', 'inbox.png'));
    expect(errors).toEqual([]);
    await context.close();
  });

  it("an operator opening another session's inbox sees the API's refusal, and no chats", async () => {
    const { page, context } = await rig.newPage();
    await signInAsUser(page, operator.username, operator.password);
    await page.goto('/dashboard/sessions/other-shop/inbox');
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toContain('other-shop');
    expect(await page.locator('#chats li').count()).toBe(0);
    await context.close();
  });
});
