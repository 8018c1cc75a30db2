// Shared setup of the dashboard's browser tests: the whole gateway (edge on a real loopback port,
// session host with Baileys, the WhatsApp protocol simulator) and Debian's Chromium driven by
// playwright-core. Screenshots go to test-output/screenshots/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Env } from '../../edge/src/env.js';
import { baileysDriverPart } from '../../session-host/src/run.js';
import { secureBaileysCurve } from '../../session-host/src/whatsapp/curve-verify.js';
import { startSimulator, trustSimulator, type Simulator } from '../../simulator/src/index.js';
import { socketFactoryFor } from '../../test-support/gateway.js';
import { startTestStack, type TestStack } from '../../test-support/stack.js';

export const SCREENSHOTS = join('test-output', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';

export interface DashboardRig {
  sim: Simulator;
  stack: TestStack;
  browser: Browser;
  base: string;
  /** A fresh browser context (its own cookies) with a page that records console errors. */
  newPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, for a dashboard test; screenshots go to SCREENSHOTS. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`The dashboard's browser tests drive Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does).`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A fresh browser context (its own cookies) on `base` with a page that records console errors. */
export async function openPage(
  browser: Browser,
  base: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, baseURL: base });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

export async function startRig(options: { bindings?: Partial<Env> } = {}): Promise<DashboardRig> {
  secureBaileysCurve();
  const sim = await startSimulator();
  await trustSimulator(sim.info);
  const stack = await startTestStack({
    env: { SEND_RATE_PER_MINUTE: '0', ALLOW_PRIVATE_NETWORK_FETCH: 'true' },
    parts: { driver: baileysDriverPart(socketFactoryFor(sim)) },
    edge: { port: 0, bindings: options.bindings },
  });
  const browser = await launchChromium();
  const base = stack.url.origin;
  return {
    sim,
    stack,
    browser,
    base,
    newPage: (viewport) => openPage(browser, base, viewport),
    async close() {
      await browser.close();
      await stack.close();
      await sim.close();
    },
  };
}

export async function signInAsAdmin(page: Page, stack: TestStack): Promise<void> {
  await signInAsUser(page, stack.admin.username, stack.admin.password);
}

export async function signInAsUser(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/dashboard/login');
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in with password' }).click();
  await page.waitForURL('**/dashboard/overview');
}

export async function signInWithToken(page: Page, token: string): Promise<void> {
  await page.goto('/dashboard/login');
  await page.getByLabel('Session token').fill(token);
  await page.getByRole('button', { name: 'Sign in with token' }).click();
  await page.waitForURL('**/dashboard/overview');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** expect.poll options for what the page shows after a round trip (vitest's default is 1 s). */
export const WAIT = { timeout: 20_000, interval: 100 };

/** Pairs a session through the public API and the simulator (as test-support/gateway.ts does). */
export async function pairSession(rig: DashboardRig, sessionId: string, phone: string, name: string): Promise<string> {
  const token = await rig.stack.createSession(sessionId);
  const find = async () =>
    (
      (await rig.stack.json('GET', '/api/v1/sessions', { headers: { 'x-master-key': rig.stack.masterKey } })).body as {
        sessionId: string;
        status: string;
        qr: string | null;
      }[]
    ).find((s) => s.sessionId === sessionId);
  let session = await find();
  for (let i = 0; i < 300 && !(session?.status === 'QR' && session.qr); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    session = await find();
  }
  await rig.sim.scan(session!.qr!, { phone, name });
  for (let i = 0; i < 300 && session?.status !== 'CONNECTED'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    session = await find();
  }
  if (session?.status !== 'CONNECTED') throw new Error(`session ${sessionId} did not connect: ${JSON.stringify(session)}`);
  return token;
}
