// The auto-replies page in Chromium, signed in with the session's token: a bad regex shows the API's
// message, a rule added in the form answers a contact's keyword (decrypted by the simulated contact),
// then it is edited, disabled (no answer) and deleted, each checked in the table and the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, pairSession, screenshot, signInWithToken, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
let token: string;
const SESSION = 'ar-ui';
const PHONE = '6280000000901';
const [ANN, BEN] = ['6281222222901', '6281222222902'];

beforeAll(async () => {
  rig = await startRig();
  rig.sim.addContact(ANN, { name: 'Ann' });
  rig.sim.addContact(BEN, { name: 'Ben' });
  token = await pairSession(rig, SESSION, PHONE, 'Auto');
}, 120_000);
afterAll(async () => rig?.close());

const rules = async () =>
  (await rig.stack.json('GET', `/api/v1/sessions/${SESSION}/auto-replies`, { headers: { authorization: `Bearer ${token}` } })).body.rules as {
    id: number;
    enabled: boolean;
    pattern: string;
  }[];

describe('auto-replies page', () => {
  it('adds a rule that answers a keyword, edits it, disables it (no answer) and deletes it', async () => {
    const { page, context, errors } = await rig.newPage();
    await signInWithToken(page, token);
    await page.goto(`/dashboard/sessions/${SESSION}`);
    await page.getByRole('link', { name: 'Auto-replies' }).click();
    await page.waitForURL(`**/dashboard/sessions/${SESSION}/auto-replies`);
    await expect.poll(() => page.locator('#rules-empty').isVisible(), WAIT).toBe(true);

    await page.getByLabel('Match').selectOption('regex');
    await page.getByLabel('Pattern').fill('(unclosed');
    await page.getByLabel('Reply text (or media caption)').fill('x');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toContain('pattern is not a valid regular expression');

    await page.getByLabel('Name (optional)').fill('Opening hours');
    await page.getByLabel('Match').selectOption('contains');
    await page.getByLabel('Pattern').fill('open');
    await page.getByLabel('Reply text (or media caption)').fill('We are open 9-17.');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => page.locator('#rules tbody tr').count(), WAIT).toBe(1);
    const [rule] = await rules();
    expect(rule).toMatchObject({ pattern: 'open', enabled: true });
    await expect.poll(() => page.locator('#rules tbody').textContent(), WAIT).toContain('contains "open"');
    await screenshot(page, 'auto-replies');

    await rig.sim.sendFrom(ANN, { text: 'Are you open today?' }, { to: PHONE });
    await rig.sim.waitForSent(ANN, { pred: (m) => m.text === 'We are open 9-17.' });

    // The session page's recent messages mark it as an auto-reply.
    await page.getByRole('link', { name: 'Back to the session' }).click();
    await expect.poll(() => page.locator('#messages').textContent(), WAIT).toContain(`auto-reply text to ${ANN}@s.whatsapp.net`);
    await page.goBack();
    await page.getByRole('button', { name: 'Edit' }).click();
    await expect.poll(() => page.locator('#rule-form-title').textContent(), WAIT).toBe(`Edit rule ${rule!.id}`);
    await page.getByLabel('Pattern').fill('hours');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), WAIT).toBe(`Auto-reply rule ${rule!.id} of session ${SESSION} updated.`);
    expect((await rules())[0]).toMatchObject({ id: rule!.id, pattern: 'hours' });

    await page.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(async () => (await rules())[0]?.enabled, WAIT).toBe(false);
    await expect.poll(() => page.locator('#rules tbody').textContent(), WAIT).toContain('Enable');
    // A disabled rule answers nothing; a second rule added meanwhile proves Ben's message was looked at.
    await rig.stack.json('POST', `/api/v1/sessions/${SESSION}/auto-replies`, {
      body: { match: 'contains', pattern: 'hours', priority: 1, reply: { type: 'text', text: { body: 'second rule' } } },
      headers: { authorization: `Bearer ${token}` },
    });
    await rig.sim.sendFrom(BEN, { text: 'your hours?' }, { to: PHONE });
    await rig.sim.waitForSent(BEN, { pred: (m) => m.text === 'second rule' });
    expect(rig.sim.sent(BEN).filter((m) => m.text === 'We are open 9-17.')).toHaveLength(0);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.reload();
    await expect.poll(() => page.locator('#rules tbody tr').count(), WAIT).toBe(2);
    await page.locator(`tr[data-rule-id="${rule!.id}"]`).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await rules()).map((r) => r.id).includes(rule!.id), WAIT).toBe(false);
    await expect.poll(() => page.locator('#rules tbody tr').count(), WAIT).toBe(1);
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();
  });
});
