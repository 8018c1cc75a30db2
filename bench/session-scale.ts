// Many connected sessions in one session host: resident memory per session, then a restart of
// the host and the time until every session is connected again from its stored auth state, with
// no QR. The host runs alone in a child process with its embedded database (the `npm start`
// topology); RSS is read from /proc. Loopback only; every wait is bounded.
import { sql } from 'drizzle-orm';
import type { ChildGateway } from '../test-support/child-gateway.js';
import { startChildGateway } from '../test-support/child-gateway.js';
import { pairByQr } from './pairing.js';
import { rssMiB } from './process-memory.js';

export interface ScaleResult {
  sessions: number;
  pairSeconds: number;
  baselineMiB: number;
  loadedMiB: number;
  perSessionMiB: number;
  /** From the new host process's spawn until the simulator has every session logged in again. */
  reconnectSeconds: number;
  /** Until its /health answered, inside reconnectSeconds. */
  hostUpSeconds: number;
  /** Sessions that asked for a QR after the restart (must be 0). */
  qrAfterRestart: number;
  /** Sessions the gateway reports CONNECTED at the end. */
  connectedAfterRestart: number;
}

export interface ScaleOptions {
  sessions: number;
  /** Sessions paired at once (each pairing is a real QR scan and the login after it). */
  concurrency: number;
  /** Longest wait for the whole reconnect, so a host that cannot make it still ends the bench. */
  reconnectLimitMs: number;
  /** Progress lines (pairing and reconnect counts) go here. */
  progress?: (line: string) => void;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PHONE_BASE = 6280000200000;

/** Each session through the API as a user pairs one: create, read its QR, the phone scans, CONNECTED. */
async function pairAll(gw: ChildGateway, options: ScaleOptions): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < options.sessions) {
      const i = next++;
      await pairByQr(gw, `scale${i}`, String(PHONE_BASE + i), `Scale ${i}`);
      if (++done % 100 === 0) options.progress?.(`  paired ${done}/${options.sessions}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

const connectedRows = async (gw: ChildGateway) => {
  const [row] = await gw.db.all<{ n: number }>(sql`select count(*) as n from sessions where status = 'CONNECTED'`);
  return Number(row?.n ?? 0);
};

/** Waits until the simulator has every session logged in and the gateway reports every one
 * CONNECTED (what a user sees), or the limit passes (NaN). */
async function waitForReconnect(gw: ChildGateway, options: ScaleOptions, since: number): Promise<number> {
  let lastReport = Date.now();
  for (;;) {
    const open = gw.sim.openConnections();
    const connected = open >= options.sessions ? await connectedRows(gw) : 0;
    if (connected >= options.sessions) return Date.now();
    if (Date.now() - since > options.reconnectLimitMs) return Number.NaN;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      options.progress?.(`  ${open}/${options.sessions} logged in again after ${((Date.now() - since) / 1000).toFixed(0)} s`);
    }
    await settle(250);
  }
}

export async function measureSessionScale(options: ScaleOptions): Promise<ScaleResult> {
  const gw = await startChildGateway({}, { embeddedStorage: true });
  try {
    await gw.startHost();
    await settle(3000);
    const baselineMiB = rssMiB(gw.child!.pid!);
    const pairStart = Date.now();
    await pairAll(gw, options);
    const pairSeconds = (Date.now() - pairStart) / 1000;
    await settle(10_000);
    const loadedMiB = rssMiB(gw.child!.pid!);

    options.progress?.(`  ${options.sessions} paired in ${pairSeconds.toFixed(0)} s; RSS ${loadedMiB.toFixed(0)} MiB; restarting the host`);
    await gw.stopHost();
    const restartAt = Date.now();
    await gw.startHost();
    const hostUpSeconds = (Date.now() - restartAt) / 1000;
    const allIn = await waitForReconnect(gw, options, restartAt);
    const reconnectSeconds = (allIn - restartAt) / 1000;
    // What the gateway itself says: every status written since the restart, and the rows now.
    const [qr] = await gw.db.all<{ n: number }>(
      sql`select count(distinct session_id) as n from session_events where event = 'session.update' and created_at >= ${restartAt} and body like '%"status":"QR"%'`,
    );
    return {
      sessions: options.sessions,
      pairSeconds,
      baselineMiB,
      loadedMiB,
      perSessionMiB: (loadedMiB - baselineMiB) / options.sessions,
      reconnectSeconds,
      hostUpSeconds,
      qrAfterRestart: Number(qr?.n ?? 0),
      connectedAfterRestart: await connectedRows(gw),
    };
  } finally {
    await gw.close();
  }
}
