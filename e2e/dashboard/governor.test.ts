// The send governor on the dashboard's session page, in Chromium: its settings form (a refused value
// shows the API's message), the counts against a cap and the reason sends wait, and a resume after
// WhatsApp refused sends, each checked against what the simulated contact got.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, pairSession, screenshot, signInAsAdmin, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
let token: string;
const BOB = '6281222222301';

beforeAll(async () => {
  rig = await startRig();
  rig.sim.addContact(BOB, { name: 'Bob' });
  token = await pairSession(rig, 'gov-ui', '6280000000801', 'Governed');
}, 120_000);
afterAll(async () => rig?.close());

const send = async (body: string) => {
  const res = await rig.stack.json('POST', '/api/v1/messages?sessionId=gov-ui', {
    body: { recipient_type: 'individual', to: BOB, type: 'text', text: { body } },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.body[0]?.status).toBe('success');
};

describe('session page: send governor', () => {
  it('sets a daily cap (a bad quiet-hours value shows the API message), shows the count and why sends wait, resumes after an auto-pause', async () => {
    const { page, context, errors } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/sessions/gov-ui');
    await expect.poll(() => page.locator('#governor-state').textContent(), WAIT).toMatch(/^Sending freely/);
    await expect.poll(() => page.locator('#governor-facts').textContent(), WAIT).toContain('Today: 0 (no cap)');

    await page.getByLabel(/^Daily cap/).fill('1');
    await page.getByLabel(/^Quiet hours/).fill('25:00-07:00');
    await page.getByRole('button', { name: 'Save governor settings' }).click();
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toContain('quietHours must be "HH:MM-HH:MM"');

    await page.getByLabel(/^Quiet hours/).fill('');
    await page.getByLabel(/^Time zone/).fill('Asia/Jakarta');
    await page.getByRole('button', { name: 'Save governor settings' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), WAIT).toBe('Session gov-ui overrides 2 send governor setting(s).');

    await send('first of the day');
    await send('over the cap');
    await rig.sim.waitForSent(BOB, { pred: (m) => m.text === 'first of the day' });
    await expect
      .poll(() => page.locator('#governor-state').textContent(), WAIT)
      .toBe('The daily cap of 1 messages is reached: sending resumes tomorrow (Asia/Jakarta).');
    await expect.poll(() => page.locator('#governor-facts').textContent(), WAIT).toContain('Today: 1 of 1');
    await screenshot(page, 'session-governor');

    // Back to the defaults: the held message goes at once.
    await page.getByLabel(/^Daily cap/).fill('');
    await page.getByLabel(/^Time zone/).fill('');
    await page.getByRole('button', { name: 'Save governor settings' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), WAIT).toBe("Session gov-ui uses the gateway's send governor defaults.");
    await rig.sim.waitForSent(BOB, { pred: (m) => m.text === 'over the cap' });

    rig.sim.rejectNext('479', 3, BOB);
    for (const n of [1, 2, 3]) await send(`refused ${n}`);
    await expect.poll(() => page.locator('#governor-state').textContent(), WAIT).toMatch(/^Sends are paused: WhatsApp refused 3 sends/);
    await send('held by the pause');
    await page.getByRole('button', { name: 'Resume sends' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), WAIT).toBe('Sends of session gov-ui resumed.');
    await rig.sim.waitForSent(BOB, { pred: (m) => m.text === 'held by the pause' });
    await expect.poll(() => page.locator('#governor-state').textContent(), WAIT).toMatch(/^Sending freely/);
    expect(await page.getByRole('button', { name: 'Resume sends' }).isHidden()).toBe(true);
    expect(rig.sim.sent(BOB).filter((m) => m.text === 'held by the pause')).toHaveLength(1);
    // the one refused save is the browser's only complaint
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();
  });
});
