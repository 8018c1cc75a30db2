import { eq } from 'drizzle-orm';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionWebhooks, webhookOutbox } from '../../shared/src/db/schema.js';
import { PDF, PNG } from '../../test-support/fixtures.js';
import { startWebhookReceiver } from '../../test-support/webhook-receiver.js';
import { WAIT, pairSession, screenshot, signInAsAdmin, startRig, type DashboardRig } from './harness.js';

let rig: DashboardRig;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const BOB = '6281222222222';
const pngPath = join('test-output', 'dashboard-photo.png');
const pdfPath = join('test-output', 'dashboard-terms.pdf');

beforeAll(async () => {
  rig = await startRig();
  rig.sim.addContact(BOB, { name: 'Bob' });
  receiver = await startWebhookReceiver();
  writeFileSync(pngPath, PNG);
  writeFileSync(pdfPath, PDF);
  await pairSession(rig, 'ops', '6280000000301', 'Ops');
}, 120_000);
afterAll(async () => {
  await receiver?.close();
  await rig?.close();
});

describe('session detail page', () => {
  it('sets the webhook (secret shown once), refuses a bad URL, retries a dead delivery, removes the webhook', async () => {
    const { page, context } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/sessions/ops');
    await expect.poll(() => page.locator('#webhook-url').textContent(), WAIT).toBe('none set');
    await page.getByLabel('Webhook URL').fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Set / rotate secret' }).click();
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toBe('url must be an absolute http(s) URL');

    await page.getByLabel('Webhook URL').fill(receiver.url);
    await page.getByRole('button', { name: 'Set / rotate secret' }).click();
    await expect.poll(() => page.locator('#webhook-secret-value').textContent(), WAIT).toMatch(/^whsec_/);
    await expect.poll(() => page.locator('#webhook-url').textContent(), WAIT).toBe(receiver.url);

    const envelope = { id: 'evt_dead_1', event: 'messages.upsert', sessionId: 'ops', data: { from: BOB }, timestamp: new Date().toISOString() };
    const [hook] = await rig.stack.host.db.select().from(sessionWebhooks).where(eq(sessionWebhooks.sessionId, 'ops'));
    await rig.stack.host.db.insert(webhookOutbox).values({
      sessionId: 'ops',
      webhookId: hook!.id,
      eventId: envelope.id,
      event: envelope.event,
      body: JSON.stringify(envelope),
      status: 'dead',
      attempts: 9,
      lastError: 'HTTP 500',
    });
    await page.getByLabel('Show', { exact: true }).selectOption('dead');
    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = page.locator('#events tbody tr', { hasText: 'messages.upsert' });
    await expect.poll(() => row.textContent(), WAIT).toContain('HTTP 500');
    await screenshot(page, 'session-webhooks');
    await row.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.locator('#flash').textContent(), WAIT).toBe('Webhook event evt_dead_1 queued for delivery.');
    await receiver.waitFor((hook) => hook.body.id === 'evt_dead_1');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => page.locator('#webhook-url').textContent(), WAIT).toBe('none set');
    await context.close();
  });

  it('uploads an image and a document and sends them; a bad recipient shows the API message', async () => {
    const { page, context } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/sessions/ops');
    await page.getByLabel('To (number with country code, or JID)').fill('12');
    await page.getByLabel('Text', { exact: true }).fill('hi');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toContain('to must be a phone number');

    await page.getByLabel('To (number with country code, or JID)').fill(BOB);
    await page.getByLabel('Type').selectOption('image');
    await page.getByLabel(/^File \(JPEG/).setInputFiles(pngPath);
    await page.getByLabel('Caption (optional)').fill('A picture');
    await page.getByRole('button', { name: 'Send' }).click();
    const [sent] = await rig.sim.waitForSent(BOB);
    expect(sent).toMatchObject({ kind: 'image', caption: 'A picture' });
    expect(Buffer.compare(sent!.bytes!, PNG)).toBe(0);

    await page.getByLabel('Type').selectOption('document');
    await page.getByLabel(/^File \(JPEG/).setInputFiles(pdfPath);
    await page.getByLabel('Caption (optional)').fill('');
    await page.getByRole('button', { name: 'Send' }).click();
    const [, doc] = await rig.sim.waitForSent(BOB, { count: 2 });
    expect(doc).toMatchObject({ kind: 'document', fileName: 'dashboard-terms.pdf', mimetype: 'application/pdf' });
    // Recent messages come from GET /messages: both sends listed, with their status.
    await expect.poll(() => page.locator('#messages').textContent(), WAIT).toContain(doc!.id);
    expect(await page.locator('#messages').textContent()).toContain(sent!.id);
    await context.close();
  });
});

describe('sessions page actions', () => {
  it('requests a pairing code, shows a refused phone number, and deletes a session only after confirmation', async () => {
    const { page, context } = await rig.newPage();
    await signInAsAdmin(page, rig.stack);
    await page.goto('/dashboard/sessions');
    await page.getByLabel('Session ID').fill('paired-by-code');
    await page.getByRole('button', { name: 'Create' }).click();
    const card = page.locator('[data-session="paired-by-code"]');
    const phone = card.getByLabel('Or pair with a code, phone number');
    await phone.waitFor({ state: 'visible', timeout: 30_000 });
    await phone.fill('12');
    await card.getByRole('button', { name: 'Get pairing code' }).click();
    await expect.poll(() => page.locator('#flash.error').textContent(), WAIT).toContain('phoneNumber must be 8-15 digits');
    await phone.fill('6280000000302');
    await card.getByRole('button', { name: 'Get pairing code' }).click();
    await expect.poll(() => card.locator('output').textContent(), WAIT).toMatch(/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);

    // confirm() answers synchronously: once the dismissed dialog has closed, the click handler has
    // returned without asking the API for anything.
    const deletes: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'DELETE') deletes.push(request.url());
    });
    const dismissed = page.waitForEvent('dialog').then((dialog) => dialog.dismiss());
    await card.getByRole('button', { name: 'Delete…' }).click();
    await dismissed;
    expect(deletes).toEqual([]);
    expect(await card.count()).toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Delete…' }).click();
    await expect.poll(() => card.count(), WAIT).toBe(0);
    await context.close();
  });
});
