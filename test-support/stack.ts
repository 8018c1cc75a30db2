import { FormData as MiniflareFormData, type Miniflare, type RequestInit as MfRequestInit } from 'miniflare';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { Env } from '../edge/src/env.js';
import { loadHostConfig } from '../session-host/src/config/config.js';
import { startSessionHost, type HostParts, type RunningHost } from '../session-host/src/host.js';
import { startEdgeWorker } from '../scripts/edge-worker.js';
import { jsonClient, mediaUploader, startTestInfra } from './infra.js';
import { sessionHelpers } from './session-helpers.js';

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
  const infra = await startTestInfra();
  const startHost = (env: Record<string, string>) => {
    const config = loadHostConfig(env);
    return startSessionHost(config, pino({ level: config.LOG_LEVEL }), options.parts);
  };
  const baseEnv = { ...infra.hostEnv, HOST_PORT: '0', HOST_ID: `test-host-${randomBytes(3).toString('hex')}`, ...options.env };
  let host = await startHost(baseEnv);
  // A restarted host keeps the port, so SESSION_HOST_URL stays right.
  const hostEnv = { ...baseEnv, HOST_PORT: new URL(host.url).port };
  const { mf, url } = await startEdgeWorker(
    { ...infra.edgeBindings(host.url), ...options.edge?.bindings },
    options.edge?.port !== undefined ? { port: options.edge.port } : {},
  );

  const fetch = (path: string, init?: MfRequestInit) => mf.dispatchFetch(`http://localhost${path}`, init) as unknown as Promise<Response>;
  const json = jsonClient(fetch);
  return {
    masterKey: infra.masterKey,
    hostSecret: infra.hostSecret,
    get host() {
      return host;
    },
    async restartHost() {
      await host.close();
      host = await startHost(hostEnv);
    },
    mf,
    url,
    admin: infra.admin,
    dataDir: infra.dataDir,
    fetch,
    json,
    upload: mediaUploader(fetch, () => new MiniflareFormData()),
    createSession: sessionHelpers(json, infra.masterKey).createSession,
    async close() {
      await mf.dispose();
      await host.close();
      await infra.close();
    },
  };
}
