// The whole gateway with the session host in a child process (scripts/simulated-host.ts), so a
// test can `kill -9` it and start another: libSQL, S3, the edge and the simulator stay in the test
// process and keep their data. Database and S3 are the test stack's own loopback servers.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHostDb, type HostDb } from '../session-host/src/db/client.js';
import { LOCAL_S3_CREDENTIALS, startLocalS3 } from '../session-host/src/embedded/local-s3.js';
import { startLibsqlHttpServer } from '../session-host/src/libsql-http/index.js';
import { hardenBaileys } from '../session-host/src/whatsapp/harden.js';
import { startSimulator, trustSimulator, type Simulator } from '../simulator/src/index.js';
import { startEdgeWorker } from './edge-worker.js';

type Json = <T = any>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }) => Promise<{ status: number; body: T }>;

export interface ChildGateway {
  /** JSON request to the edge (inside workerd). */
  json: Json;
  fetch(path: string, init?: any): Promise<Response>;
  sim: Simulator;
  /** The test's own connection to the gateway's database. */
  db: HostDb;
  masterKey: string;
  /** The running host process, if any. */
  readonly child: ChildProcess | undefined;
  /** Starts a host process (another one after a kill) and waits for its /health. */
  startHost(options?: { hostId?: string }): Promise<void>;
  /** SIGKILL: no shutdown code runs, leases stay behind until they expire. */
  killHost(): Promise<void>;
  createSession(sessionId: string): Promise<string>;
  /** Creates a session, lets the simulated phone scan its QR, waits for CONNECTED; returns the token. */
  pairSession(sessionId: string, phone: string, name: string): Promise<string>;
  waitForSession(sessionId: string, pred: (s: { status: string; qr: string | null }) => boolean, timeoutMs?: number): Promise<{ status: string; qr: string | null }>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startChildGateway(env: Record<string, string> = {}): Promise<ChildGateway> {
  hardenBaileys();
  const sim = await startSimulator();
  await trustSimulator(sim.info);
  const dataDir = mkdtempSync(join(tmpdir(), 'wag-child-'));
  const masterKey = `wamk_${randomBytes(24).toString('base64url')}`;
  const hostSecret = randomBytes(24).toString('base64url');
  const libsqlToken = randomBytes(24).toString('base64url');
  const libsql = await startLibsqlHttpServer({ file: join(dataDir, 'wa-gateway.db'), port: 0, authToken: libsqlToken });
  const bucket = 'wa-gateway-media';
  const s3 = await startLocalS3({ directory: join(dataDir, 's3'), port: 0, bucket });
  const port = await freePort();
  const hostUrl = `http://127.0.0.1:${port}`;
  const hostEnv: Record<string, string> = {
    DATA_DIR: dataDir,
    HOST_PORT: String(port),
    HOST_SHARED_SECRET: hostSecret,
    LIBSQL_URL: libsql.url,
    LIBSQL_AUTH_TOKEN: libsqlToken,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
    SEND_RATE_PER_MINUTE: '0',
    ALLOW_PRIVATE_NETWORK_FETCH: 'true',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    WA_SIMULATOR_INFO: JSON.stringify(sim.info),
    ...env,
  };
  const { mf } = await startEdgeWorker({
    LIBSQL_URL: libsql.url,
    LIBSQL_AUTH_TOKEN: libsqlToken,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: 'us-east-1',
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
    MASTER_API_KEY: masterKey,
    HOST_SHARED_SECRET: hostSecret,
    SESSION_HOST_URL: hostUrl,
  } as Parameters<typeof startEdgeWorker>[0]);
  const db = createHostDb(libsql.url, libsqlToken);

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const fetchEdge = (path: string, init?: any) => mf.dispatchFetch(`http://localhost${path}`, init) as unknown as Promise<Response>;
  const json: Json = async (method, path, opts = {}) => {
    const res = await fetchEdge(path, {
      method,
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  };
  const waitForSession: ChildGateway['waitForSession'] = async (sessionId, pred, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      const { body } = await json('GET', '/api/v1/sessions');
      const found = (body as { sessionId: string; status: string; qr: string | null }[]).find((s) => s.sessionId === sessionId);
      last = found;
      if (found && pred(found)) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`session ${sessionId} did not reach the expected state; last: ${JSON.stringify(last)}`);
  };
  const gateway: ChildGateway = {
    sim,
    db,
    masterKey,
    json,
    fetch: fetchEdge,
    get child() {
      return child;
    },
    async startHost(options = {}) {
      const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulated-host.ts'], {
        env: { ...process.env, ...hostEnv, HOST_ID: options.hostId ?? 'child-host-1' },
        // libsignal logs sessions to stdout; show it only when a log level was asked for.
        stdio: ['ignore', process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
      });
      child = proc;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (proc.exitCode !== null) throw new Error(`session host exited with ${proc.exitCode}`);
        const ok = await fetch(`${hostUrl}/health`).then((r) => r.ok, () => false);
        if (ok) return;
        if (Date.now() > deadline) throw new Error('session host did not come up');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async killHost() {
      child?.kill('SIGKILL');
      await exited;
      child = undefined;
    },
    async createSession(sessionId) {
      const res = await json('POST', '/api/v1/sessions', { body: { sessionId }, headers: { 'x-master-key': masterKey } });
      if (res.status !== 201) throw new Error(`createSession ${sessionId}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    async pairSession(sessionId, phone, name) {
      const token = await gateway.createSession(sessionId);
      const { qr } = await waitForSession(sessionId, (s) => s.status === 'QR' && Boolean(s.qr));
      await sim.scan(qr!, { phone, name });
      await waitForSession(sessionId, (s) => s.status === 'CONNECTED');
      return token;
    },
    waitForSession,
    async close() {
      if (child) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        child?.kill('SIGKILL');
      }
      await mf.dispose();
      db.$client.close();
      await s3.close();
      await libsql.close();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return gateway;
}
