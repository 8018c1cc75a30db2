import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT, screenshot, signInAsAdmin, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => rig?.close());

describe('users and audit pages', () => {
  it('admin creates an operator for session A; the invite link sets its password; the operator sees and changes A only; the audit page shows it all', async () => {
    await rig.stack.createSession('shop-a');
    await rig.stack.createSession('shop-b');
    const admin = await rig.newPage();
    await signInAsAdmin(admin.page, rig.stack);
    await admin.page.getByRole('link', { name: 'Users' }).click();
    await admin.page.getByLabel('User name').fill('olive');
    await admin.page.getByLabel('shop-a').check();
    await admin.page.getByRole('button', { name: 'Create user' }).click();
    const link = admin.page.locator('#link-url');
    await expect.poll(() => link.textContent(), WAIT).toMatch(/\/dashboard\/invite#token=wagi_/);
    await expect.poll(() => admin.page.locator('#users tr[data-user="olive"]').textContent(), WAIT).toContain('invited');
    expect(await admin.page.locator('#users tr[data-user="olive"]').textContent()).toContain('shop-a');
    await screenshot(admin.page, 'users');

    // The operator, in a browser of its own: the link, a password, sign-in.
    const op = await rig.newPage();
    await op.page.goto((await link.textContent())!);
    await op.page.getByLabel('New password').fill('olive-password-1');
    await op.page.getByLabel('Repeat the password').fill('olive-password-1');
    await op.page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => op.page.locator('#flash').textContent(), WAIT).toBe('Password set for olive: sign in now.');
    expect(new URL(op.page.url()).hash).toBe('');
    await op.page.getByRole('link', { name: 'Sign in' }).click();
    await op.page.getByLabel('User name').fill('olive');
    await op.page.getByLabel('Password', { exact: true }).fill('olive-password-1');
    await op.page.getByRole('button', { name: 'Sign in with password' }).click();
    // An operator lands on the overview too: it counts the operator's own session only.
    await op.page.waitForURL('**/dashboard/overview');
    // (shop-a and shop-b wait for a QR alike, so an admin would see one status counting 2)
    await expect.poll(() => op.page.locator('#sessions-by-status [data-status]').allTextContents(), WAIT).toEqual([expect.stringMatching(/ 1$/)]);
    await op.page.getByRole('link', { name: 'Sessions', exact: true }).click();
    await op.page.waitForURL('**/dashboard/sessions');
    await expect
      .poll(() => op.page.locator('[data-session]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-session'))), WAIT)
      .toEqual(['shop-a']);
    expect(await op.page.locator('.who').textContent()).toBe('Operator olive');
    expect(await op.page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await screenshot(op.page, 'sessions-as-operator');

    // B stays out of reach: its page shows the API's refusal and no data, and the API refuses the cookie.
    await op.page.goto('/dashboard/sessions/shop-b');
    await expect.poll(() => op.page.locator('#flash.error').textContent(), WAIT).toBe('Your account is not assigned session shop-b.');
    expect((await op.page.goto('/dashboard/users'))?.status()).toBe(403);
    await op.page.goto('/dashboard/sessions/shop-a');
    const patch = (sessionId: string) =>
      op.page.evaluate(
        async (id) =>
          (
            await fetch(`/api/v1/sessions/${id}`, {
              method: 'PATCH',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ defaultCountry: 'ID' }),
            })
          ).status,
        sessionId,
      );
    expect([await patch('shop-a'), await patch('shop-b')]).toEqual([200, 403]);

    // A refused sign-in, then the admin reads the log.
    const stranger = await rig.newPage();
    await stranger.page.goto('/dashboard/login');
    await stranger.page.getByLabel('User name').fill('olive');
    await stranger.page.getByLabel('Password', { exact: true }).fill('not her password');
    await stranger.page.getByRole('button', { name: 'Sign in with password' }).click();
    await expect.poll(() => stranger.page.locator('#flash').textContent(), WAIT).toBe('Wrong user name or password.');

    await admin.page.getByRole('link', { name: 'Audit log' }).click();
    const rows = admin.page.locator('#audit tbody tr');
    await expect.poll(() => rows.count(), WAIT).toBeGreaterThan(4);
    const userId = (await rig.stack.json('GET', '/api/v1/users', { headers: { 'x-master-key': rig.stack.masterKey } })).body.find(
      (u: { username: string }) => u.username === 'olive',
    ).id;
    await admin.page.getByLabel('Who').fill(`user:${userId}`);
    await admin.page.getByRole('button', { name: 'Filter' }).click();
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(2, 6).map((td) => td.textContent))), WAIT)
      .toEqual([
        ['session.update', 'shop-b', 'shop-b', '403'],
        ['session.update', 'shop-a', 'shop-a', '200'],
        ['auth.login', '', '', '200'],
        ['user.accept-invite', userId, '', '200'],
      ]);
    await admin.page.getByLabel('Who').fill('');
    await admin.page.getByLabel('Action').fill('auth.login');
    await admin.page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rows.first().textContent(), WAIT).toContain('401');
    expect(await rows.first().textContent()).toContain('username: olive');
    expect(await rows.first().textContent()).not.toContain('not her password');
    await screenshot(admin.page, 'audit');
    for (const { errors, context } of [admin, op, stranger]) {
      expect(errors.filter((e) => !e.includes('403') && !e.includes('404') && !e.includes('401'))).toEqual([]);
      await context.close();
    }
  });
});
