import { FormData as MiniflareFormData, type Miniflare, type RequestInit as MfRequestInit } from 'miniflare';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadHostConfig } from '../session-host/src/config/config.js';
import { LOCAL_S3_CREDENTIALS, startLocalS3 } from '../session-host/src/embedded/local-s3.js';
import { startSessionHost, type HostParts, type RunningHost } from '../session-host/src/host.js';
import { startLibsqlHttpServer } from '../session-host/src/libsql-http/index.js';
import type { Env } from '../edge/src/env.js';
import { startEdgeWorker } from './edge-worker.js';

export interface TestStack {
  masterKey: string;
  hostSecret: string;
  /** The current session host (replaced by `restartHost`). */
  readonly host: RunningHost;
  /** Stops the session host and starts a new one with the same id, port and data. */
  restartHost(): Promise<void>;
  mf: Miniflare;
  /** The edge's address (a real loopback port when `edge.port` was given). */
  url: URL;
  /** Dashboard admin credentials the edge was given (ADMIN_USERNAME / ADMIN_PASSWORD). */
  admin: { username: string; password: string };
  dataDir: string;
  /** A request to the edge, inside workerd. */
  fetch(path: string, init?: MfRequestInit): Promise<Response>;
  /** JSON request helper: returns status and parsed body. */
  json<T = any>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T }>;
  /** POST /api/v1/media with one multipart field `file`. */
  upload(bytes: Uint8Array, type: string, filename: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Creates a session with the master key and returns its token. */
  createSession(sessionId: string): Promise<string>;
  close(): Promise<void>;
}

export { MiniflareFormData as FormData };

/** The real stack on loopback: libSQL over its HTTP protocol, s3rver, a session host, and the
 * built worker in workerd. Database and S3 run beside the host, so the host can be restarted
 * alone. Each stack has its own temporary data directory. */
export async function startTestStack(
  options: { env?: Record<string, string>; parts?: HostParts; edge?: { bindings?: Partial<Env>; port?: number } } = {},
): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wag-test-'));
  const masterKey = `wamk_${randomBytes(24).toString('base64url')}`;
  const hostSecret = randomBytes(24).toString('base64url');
  const libsqlToken = randomBytes(24).toString('base64url');
  const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
  const libsql = await startLibsqlHttpServer({ file: join(dataDir, 'wa-gateway.db'), port: 0, authToken: libsqlToken });
  const bucket = 'wa-gateway-media';
  const s3 = await startLocalS3({ directory: join(dataDir, 's3'), port: 0, bucket });
  const baseEnv = {
    DATA_DIR: dataDir,
    HOST_PORT: '0',
    HOST_ID: `test-host-${randomBytes(3).toString('hex')}`,
    HOST_SHARED_SECRET: hostSecret,
    LIBSQL_URL: libsql.url,
    LIBSQL_AUTH_TOKEN: libsqlToken,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
    LOG_LEVEL: logLevel,
    ...options.env,
  };
  const startHost = (env: Record<string, string>) => {
    const config = loadHostConfig(env);
    return startSessionHost(config, pino({ level: config.LOG_LEVEL }), options.parts);
  };
  let host = await startHost(baseEnv);
  // A restarted host keeps the port, so SESSION_HOST_URL stays right.
  const hostEnv = { ...baseEnv, HOST_PORT: new URL(host.url).port };
  const admin = { username: 'admin', password: randomBytes(12).toString('base64url') };
  const { mf, url } = await startEdgeWorker(
    {
      LIBSQL_URL: libsql.url,
      LIBSQL_AUTH_TOKEN: libsqlToken,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: host.s3.region,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      MASTER_API_KEY: masterKey,
      HOST_SHARED_SECRET: hostSecret,
      SESSION_HOST_URL: host.url,
      ADMIN_USERNAME: admin.username,
      ADMIN_PASSWORD: admin.password,
      ...options.edge?.bindings,
    },
    options.edge?.port !== undefined ? { port: options.edge.port } : {},
  );

  const fetch = (path: string, init?: MfRequestInit) => mf.dispatchFetch(`http://localhost${path}`, init) as unknown as Promise<Response>;
  const json = async (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await fetch(path, {
      method,
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body };
  };
  return {
    masterKey,
    hostSecret,
    get host() {
      return host;
    },
    async restartHost() {
      await host.close();
      host = await startHost(hostEnv);
    },
    mf,
    url,
    admin,
    dataDir,
    fetch,
    json,
    async upload(bytes, type, filename, headers = {}) {
      const form = new MiniflareFormData();
      form.append('file', new Blob([bytes as BlobPart], { type }), filename);
      const res = await fetch('/api/v1/media', { method: 'POST', body: form, headers });
      return { status: res.status, body: await res.json() };
    },
    async createSession(sessionId) {
      const res = await json('POST', '/api/v1/sessions', { body: { sessionId }, headers: { 'x-master-key': masterKey } });
      if (res.status !== 201) throw new Error(`createSession ${sessionId}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    async close() {
      await mf.dispose();
      await host.close();
      await s3.close();
      await libsql.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
