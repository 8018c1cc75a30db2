// The whole gateway with the session host in a child process (scripts/simulated-host.ts), so a
// test can `kill -9` it and start another: libSQL, S3, the edge and the simulator stay in the test
// process and keep their data. Database and S3 are the test stack's own loopback servers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Env } from '../edge/src/env.js';
import { createHostDb, type HostDb } from '../session-host/src/db/client.js';
import { hardenBaileys } from '../session-host/src/whatsapp/harden.js';
import { startSimulator, trustSimulator, type Simulator } from '../simulator/src/index.js';
import { startEdgeWorker } from '../scripts/edge-worker.js';
import { jsonClient, startTestInfra, type JsonResult } from './infra.js';
import { sessionHelpers } from './session-helpers.js';

type Json = <T = any>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }) => Promise<JsonResult<T>>;

export interface ChildGateway {
  /** JSON request to the edge (inside workerd). */
  json: Json;
  fetch(path: string, init?: any): Promise<Response>;
  sim: Simulator;
  /** The edge's loopback address, for clients outside this process (e.g. wrk). */
  url: URL;
  /** The settings the edge runs with, for another edge on the same data (e.g. workerd as `npm start` runs it). */
  edgeBindings: Env;
  /** The test's own connection to the gateway's database. */
  db: HostDb;
  masterKey: string;
  /** The dashboard's admin sign-in (ADMIN_USERNAME, ADMIN_PASSWORD). */
  admin: { username: string; password: string };
  /** The running host process on `hostUrl`, if any. */
  readonly child: ChildProcess | undefined;
  /** Where the first host process listens (its internal API, /health and /metrics); SESSION_HOST_URL. */
  hostUrl: string;
  /** Every line the host processes wrote to stdout (their logs: JSON, stdout being a pipe). */
  hostLog: string[];
  /** Waits for a host log line (parsed JSON) that matches. */
  waitForHostLog(pred: (line: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  /** Starts a host process and waits for its /health: on `hostUrl` when no host runs there (another
   * one after a kill), else beside it on a port of its own. Answers its URL. */
  startHost(options?: { hostId?: string }): Promise<string>;
  /** SIGKILL of the host on `hostUrl`: no shutdown code runs, leases stay behind until they expire. */
  killHost(): Promise<void>;
  /** Stops one host by its id: SIGKILL, or SIGTERM (its clean shutdown). */
  stopHost(hostId: string, signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  createSession(sessionId: string): Promise<string>;
  /** Creates a session, lets the simulated phone scan its QR, waits for CONNECTED; returns the token. */
  pairSession(sessionId: string, phone: string, name: string): Promise<string>;
  waitForSession(
    sessionId: string,
    pred: (s: { status: string; qr: string | null }) => boolean,
    timeoutMs?: number,
  ): Promise<{ status: string; qr: string | null }>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** With `embeddedStorage` the host process serves libSQL and S3 itself, the topology of `npm start`
 * (for benchmarks); then the database is reachable only while a host runs. `edgeBindings` changes
 * the edge's settings (e.g. reaches S3 through a relay the test can cut). */
export async function startChildGateway(
  env: Record<string, string> = {},
  options: { embeddedStorage?: boolean; edgeBindings?: (bindings: Env) => Env } = {},
): Promise<ChildGateway> {
  hardenBaileys();
  const sim = await startSimulator();
  await trustSimulator(sim.info);
  const infra = await startTestInfra(options.embeddedStorage ? { embeddedIn: { libsqlPort: await freePort(), s3Port: await freePort() } } : {});
  const port = await freePort();
  const hostUrl = `http://127.0.0.1:${port}`;
  const hostEnv: Record<string, string> = {
    ...infra.hostEnv,
    HOST_PORT: String(port),
    SEND_RATE_PER_MINUTE: '0',
    ALLOW_PRIVATE_NETWORK_FETCH: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    WA_SIMULATOR_INFO: JSON.stringify(sim.info),
    ...env,
  };
  const bindings = options.edgeBindings ? options.edgeBindings(infra.edgeBindings(hostUrl)) : infra.edgeBindings(hostUrl);
  const { mf, url } = await startEdgeWorker(bindings);
  const db = createHostDb(infra.libsql.url, infra.libsql.authToken);

  /** Running host processes by id; `primary` is the one on `hostUrl`. */
  const running = new Map<string, { proc: ChildProcess; exited: Promise<void> }>();
  let primary: string | undefined;
  const hostLog: string[] = [];
  const stopHost = async (hostId: string, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') => {
    const host = running.get(hostId);
    if (!host) return;
    host.proc.kill(signal);
    await host.exited;
    running.delete(hostId);
  };
  const fetchEdge = (path: string, init?: any) => mf.dispatchFetch(`http://localhost${path}`, init) as unknown as Promise<Response>;
  const json: Json = jsonClient(fetchEdge);
  const { waitForSession, createSession, pairSession } = sessionHelpers(json, infra.masterKey, sim);
  const gateway: ChildGateway = {
    sim,
    url,
    edgeBindings: bindings,
    db,
    masterKey: infra.masterKey,
    admin: infra.admin,
    json,
    fetch: fetchEdge,
    get child() {
      return primary ? running.get(primary)?.proc : undefined;
    },
    hostUrl,
    hostLog,
    async waitForHostLog(pred, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = hostLog.map(parseLogLine).find((line) => line && pred(line));
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no host log line matched; last lines: ${hostLog.slice(-5).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async startHost(options = {}) {
      const hostId = options.hostId ?? 'child-host-1';
      const onPrimary = !primary || !running.has(primary);
      const url = onPrimary ? hostUrl : `http://127.0.0.1:${await freePort()}`;
      // HOST_CPU_PROF_DIR: a V8 CPU profile of the host process, written when it exits (profiling notes in the README).
      const profile = process.env.HOST_CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.HOST_CPU_PROF_DIR] : [];
      const proc = spawn(process.execPath, [...profile, '--import', 'tsx', 'scripts/simulated-host.ts'], {
        env: { ...process.env, ...hostEnv, HOST_ID: hostId, HOST_PORT: new URL(url).port },
        // Kept for waitForHostLog (libsignal logs sessions there too); shown only when a log level was asked for.
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      proc.stdout?.setEncoding('utf8');
      let partial = '';
      proc.stdout?.on('data', (chunk: string) => {
        if (process.env.TEST_LOG_LEVEL) process.stdout.write(chunk);
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        hostLog.push(...lines);
        // Bounded: benchmarks run hosts for minutes.
        if (hostLog.length > 5000) hostLog.splice(0, hostLog.length - 5000);
      });
      running.set(hostId, { proc, exited: new Promise((resolve) => proc.once('exit', () => resolve())) });
      if (onPrimary) primary = hostId;
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (proc.exitCode !== null) throw new Error(`session host exited with ${proc.exitCode}`);
        const ok = await fetch(`${url}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return url;
        if (Date.now() > deadline) throw new Error('session host did not come up');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async killHost() {
      if (primary) await stopHost(primary);
    },
    stopHost,
    createSession,
    pairSession,
    waitForSession,
    async close() {
      for (const { proc, exited } of running.values()) {
        proc.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        proc.kill('SIGKILL');
      }
      await mf.dispose();
      db.$client.close();
      await infra.close();
      await sim.close();
    },
  };
  return gateway;
}

function parseLogLine(line: string): Record<string, any> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, any>;
  } catch {
    return undefined;
  }
}
