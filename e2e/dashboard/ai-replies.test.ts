// The AI replies card of the dashboard's session page, in Chromium: an admin sets the endpoint up
// (a refused URL shows the API's message), a contact's question is answered by the loopback fake,
// and the card shows the count; a session's own sign-in sees the settings read-only, never the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../../test-support/fake-openai.js';
import { WAIT, pairSession, screenshot, signInAsAdmin, signInWithToken, startRig, type DashboardRig } from './harness.js';

const KEY = 'sk-dashboard-secret-key';
const CAROL = '6281222222401';
const PHONE = '6280000000811';
let rig: DashboardRig;
let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
let token: string;

beforeAll(async () => {
  rig = await startRig();
  fake = await startFakeOpenAi({ kind: 'reply', text: () => 'We open at nine.' });
  rig.sim.addContact(CAROL, { name: 'Carol' });
  token = await pairSession(rig, 'ai-ui', PHONE, 'Shop');
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await rig?.close();
});

describe('session page: AI replies', () => {
  it('an admin sets it up, the contact gets the answer, the card counts it; a session sign-in sees it read-only', async () => {
    const { page, context, errors } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/sessions/ai-ui');
    await expect.poll(() => page.locator('#ai-state').textContent(), WAIT).toBe('Off: no AI endpoint is set up.');

    await page.getByLabel(/^Answer contacts/).check();
    await page.getByLabel(/^Endpoint base URL/).fill('ftp://example.com/v1');
    await page.getByLabel(/^Model/).fill('gpt-ui');
    await page.getByLabel(/^API key/).fill(KEY);
    await page.getByLabel(/^System prompt/).fill('You answer for the shop.');
    // The browser's own URL check lets ftp:// through: the API's message is what the admin sees.
    await page.getByRole('button', { name: 'Save AI settings' }).click();
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toContain('baseUrl must start with http:// or https://');

    await page.getByLabel(/^Endpoint base URL/).fill(fake.baseUrl);
    await page.getByRole('button', { name: 'Save AI settings' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), WAIT).toBe('AI settings saved.');
    await expect.poll(() => page.locator('#ai-state').textContent(), WAIT).toContain('On: gpt-ui answers');

    await rig.sim.sendFrom(CAROL, { text: 'When do you open?' }, { to: PHONE });
    await rig.sim.waitForSent(CAROL, { pred: (m) => m.text === 'We open at nine.' });
    expect(fake.requests.at(-1)?.body.messages).toEqual([
      { role: 'system', content: 'You answer for the shop.' },
      { role: 'user', content: 'When do you open?' },
    ]);
    await expect.poll(() => page.locator('#ai-facts').textContent(), WAIT).toContain('Replies today: 1 of 100');
    await screenshot(page, 'session-ai-replies');
    expect(await page.content()).not.toContain(KEY);
    // The one refused save is the only failed request.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();

    const own = await rig.newPage();
    await signInWithToken(own.page, token);
    await own.page.goto('/dashboard/sessions/ai-ui');
    await expect.poll(() => own.page.locator('#ai-facts').textContent(), WAIT).toContain('API key: stored');
    expect(await own.page.getByLabel(/^Model/).isDisabled()).toBe(true);
    expect(await own.page.getByRole('button', { name: 'Save AI settings' }).isDisabled()).toBe(true);
    expect(await own.page.getByLabel(/^Model/).inputValue()).toBe('gpt-ui');
    expect(await own.page.content()).not.toContain(KEY);
    expect(own.errors).toEqual([]);
    await own.context.close();
  });
});
