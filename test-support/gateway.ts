import makeWASocket from '@whiskeysockets/baileys';
import { baseSocketConfig, type SocketFactory } from '../session-host/src/connection/socket-factory.js';
import { baileysDriverPart } from '../session-host/src/run.js';
import { hardenBaileys } from '../session-host/src/whatsapp/harden.js';
import { startSimulator, trustSimulator, type Simulator } from '../simulator/src/index.js';
import type { Env } from '../edge/src/env.js';
import { sessionHelpers } from './session-helpers.js';
import { startTestStack, type TestStack } from './stack.js';

export interface Gateway {
  sim: Simulator;
  stack: TestStack;
  /** Creates a session, waits for its QR in GET /sessions, lets the simulated phone scan it and
   * waits for CONNECTED. Returns the session token. */
  pairSession(sessionId: string, phone: string, name: string): Promise<string>;
  /** Polls GET /sessions until the session matches. */
  waitForSession(
    sessionId: string,
    pred: (s: { status: string; detail: string | null; qr: string | null }) => boolean,
    timeoutMs?: number,
  ): Promise<{ status: string; detail: string | null; qr: string | null }>;
  ownSession: ReturnType<typeof sessionHelpers>['ownSession'];
  close(): Promise<void>;
}

export const socketFactoryFor =
  (sim: Simulator): SocketFactory =>
  (auth, logger, options) =>
    makeWASocket({ ...baseSocketConfig(auth, logger, options), waWebSocketUrl: sim.url, defaultQueryTimeoutMs: 10_000 });

/** The whole gateway (edge in workerd, host with Baileys, libSQL, S3) with the protocol simulator
 * standing in for WhatsApp; the test process trusts the simulator like a test CA. `clock` is the
 * sessions' time (send queue, governor, campaigns): a test moves it to another day. */
export async function startGateway(env: Record<string, string> = {}, edgeEnv: Partial<Env> = {}, options: { clock?: () => number } = {}): Promise<Gateway> {
  hardenBaileys();
  const sim = await startSimulator();
  await trustSimulator(sim.info);
  const stack = await startTestStack({
    env: { SEND_RATE_PER_MINUTE: '0', ALLOW_PRIVATE_NETWORK_FETCH: 'true', ...env },
    edge: { bindings: edgeEnv },
    // A test that moves the clock needs idle queues to look again within a second: a sleep until the
    // next due message does not notice the jump.
    parts: { driver: baileysDriverPart(socketFactoryFor(sim), options.clock, options.clock ? 1_000 : undefined) },
  });
  const { waitForSession, pairSession, ownSession } = sessionHelpers(stack.json, stack.masterKey, sim);
  return {
    sim,
    stack,
    waitForSession,
    pairSession,
    ownSession,
    async close() {
      await stack.close();
      await sim.close();
    },
  };
}

/** Real time moved by an offset: the sessions' clock in tests that jump to another day or hour. */
export function movableClock(): { now: () => number; set(iso: string): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    set(iso) {
      offset = Date.parse(iso) - Date.now();
    },
  };
}
