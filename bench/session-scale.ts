// Many connected sessions in one session host: resident memory per session, then a restart of
// the host and the time until every session is connected again from its stored auth state, with
// no QR. The host runs alone in a child process; libSQL and S3 run in this process, so the host's
// RSS (read from /proc) is the sessions' and not the database's. Loopback only; every wait is bounded.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ChildGateway } from '../test-support/child-gateway.js';
import { startChildGateway } from '../test-support/child-gateway.js';
import { seedPairedSessions } from './seed-sessions.js';
import { cpuSeconds, rssMiB } from './process-memory.js';

/** The one host, stopped by SIGTERM as a deploy stops it: it closes its sessions and releases their leases. */
const HOST_ID = 'scale-host';

export interface ScaleResult {
  sessions: number;
  /** Seeding every session's paired credentials (no host running). */
  seedSeconds: number;
  /** From a host's spawn until every seeded session was CONNECTED: their first login. */
  firstStartSeconds: number;
  baselineMiB: number;
  loadedMiB: number;
  perSessionMiB: number;
  /** From the new host process's spawn until the simulator has every session logged in again. */
  reconnectSeconds: number;
  /** Until its /health answered, inside reconnectSeconds. */
  hostUpSeconds: number;
  /** Sessions that asked for a QR after the first start or the restart (must be 0). */
  qrAfterRestart: number;
  /** Sessions the gateway reports CONNECTED at the end. */
  connectedAfterRestart: number;
  /** CPU seconds the host process used from its spawn until all were connected: first start, restart.
   * On a shared box these say more than the wall times. */
  firstStartHostCpu: number;
  restartHostCpu: number;
  /** CPU seconds this process (the simulator, libSQL, S3, the edge) used over the same spans. */
  firstStartBenchCpu: number;
  restartBenchCpu: number;
  /** From the host's own /metrics when all were in: WhatsApp reconnects (wa_reconnects_total) and
   * sessions stopped for a lost lease (wa_leases_lost_total); churn would show here. */
  firstStartChurn: Churn;
  restartChurn: Churn;
}

export interface Churn {
  reconnects: number;
  leasesLost: number;
}

export interface ScaleOptions {
  sessions: number;
  /** Sessions seeded at once. */
  concurrency: number;
  /** Longest wait for the whole reconnect, so a host that cannot make it still ends the bench. */
  reconnectLimitMs: number;
  /** Progress lines (pairing and reconnect counts) go here. */
  progress?: (line: string) => void;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const f = (n: number) => n.toFixed(1);
const PHONE_BASE = 6280000200000;

/** Sum of a counter's series (every label set) in a Prometheus exposition. */
function counterSum(exposition: string, name: string): number {
  return exposition
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

async function hostChurn(gw: ChildGateway, metricsToken: string): Promise<Churn> {
  const res = await fetch(`${gw.hostUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  const text = await res.text();
  return { reconnects: counterSum(text, 'wa_reconnects_total'), leasesLost: counterSum(text, 'wa_leases_lost_total') };
}

const connectedRows = async (gw: ChildGateway) => {
  const [row] = await gw.db.all<{ n: number }>(sql`select count(*) as n from sessions where status = 'CONNECTED'`);
  return Number(row?.n ?? 0);
};

/** Starts a host and waits until the simulator has every session logged in and the gateway reports
 * every one CONNECTED (what a user sees), or the limit passes (NaN); seconds from the spawn. */
async function startAndConnectAll(gw: ChildGateway, options: ScaleOptions) {
  const since = Date.now();
  const benchCpuBefore = process.cpuUsage();
  await gw.startHost({ hostId: HOST_ID });
  const hostUpSeconds = (Date.now() - since) / 1000;
  const allIn = await waitForConnected(gw, options, since);
  const benchCpu = process.cpuUsage(benchCpuBefore);
  return { seconds: (allIn - since) / 1000, hostUpSeconds, hostCpu: cpuSeconds(gw.child!.pid!), benchCpu: (benchCpu.user + benchCpu.system) / 1e6 };
}

async function waitForConnected(gw: ChildGateway, options: ScaleOptions, since: number): Promise<number> {
  let lastReport = Date.now();
  for (;;) {
    const open = gw.sim.openConnections();
    const connected = open >= options.sessions ? await connectedRows(gw) : 0;
    if (connected >= options.sessions) return Date.now();
    if (Date.now() - since > options.reconnectLimitMs) return Number.NaN;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      const host = gw.child?.pid;
      const usage = host ? `; host RSS ${rssMiB(host).toFixed(0)} MiB, ${cpuSeconds(host).toFixed(0)} CPU s` : '';
      options.progress?.(`  ${open}/${options.sessions} logged in after ${((Date.now() - since) / 1000).toFixed(0)} s${usage}`);
    }
    await settle(250);
  }
}

export async function measureSessionScale(options: ScaleOptions): Promise<ScaleResult> {
  const metricsToken = randomBytes(16).toString('hex');
  const gw = await startChildGateway({ METRICS_TOKEN: metricsToken });
  try {
    await gw.startHost({ hostId: HOST_ID });
    await settle(3000);
    const baselineMiB = rssMiB(gw.child!.pid!);
    await gw.stopHost(HOST_ID, 'SIGTERM');
    const seedStart = Date.now();
    const sessions = Array.from({ length: options.sessions }, (_, i) => ({ sessionId: `scale${i}`, phone: String(PHONE_BASE + i), name: `Scale ${i}` }));
    await seedPairedSessions(gw, sessions, options.concurrency, (done) => {
      if (done % 100 === 0) options.progress?.(`  seeded ${done}/${options.sessions}`);
    });
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const firstStartAt = Date.now();
    const first = await startAndConnectAll(gw, options);
    const firstStartChurn = await hostChurn(gw, metricsToken);
    await settle(10_000);
    const loadedMiB = rssMiB(gw.child!.pid!);
    options.progress?.(`  ${options.sessions} connected ${f(first.seconds)} s after the host's spawn; RSS ${loadedMiB.toFixed(0)} MiB; restarting the host`);

    await gw.stopHost(HOST_ID, 'SIGTERM');
    const restart = await startAndConnectAll(gw, options);
    const restartChurn = await hostChurn(gw, metricsToken);
    // What the gateway itself says: every status written since the first start.
    const [qr] = await gw.db.all<{ n: number }>(
      sql`select count(distinct session_id) as n from session_events where event = 'session.update' and created_at >= ${firstStartAt} and body like '%"status":"QR"%'`,
    );
    return {
      sessions: options.sessions,
      seedSeconds,
      firstStartSeconds: first.seconds,
      baselineMiB,
      loadedMiB,
      perSessionMiB: (loadedMiB - baselineMiB) / options.sessions,
      reconnectSeconds: restart.seconds,
      hostUpSeconds: restart.hostUpSeconds,
      qrAfterRestart: Number(qr?.n ?? 0),
      connectedAfterRestart: await connectedRows(gw),
      firstStartHostCpu: first.hostCpu,
      restartHostCpu: restart.hostCpu,
      firstStartBenchCpu: first.benchCpu,
      restartBenchCpu: restart.benchCpu,
      firstStartChurn,
      restartChurn,
    };
  } finally {
    await gw.close();
  }
}
