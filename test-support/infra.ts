// What every test gateway stands on: a temporary data directory, libSQL over its HTTP protocol,
// an S3 server, fresh secrets, and the settings that point a session host and the edge at them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../edge/src/env.js';
import { localS3Credentials, startLocalS3 } from '../session-host/src/embedded/local-s3.js';
import { loadOrCreateSecrets } from '../session-host/src/embedded/secrets.js';
import { startLibsqlHttpServer } from '../session-host/src/libsql-http/index.js';

export interface TestInfra {
  dataDir: string;
  masterKey: string;
  hostSecret: string;
  admin: { username: string; password: string };
  libsql: { url: string; authToken: string };
  /** Environment for a session host on this infrastructure. */
  hostEnv: Record<string, string>;
  /** Bindings for the edge worker, given where the session host listens. */
  edgeBindings(sessionHostUrl: string): Env;
  close(): Promise<void>;
}

/** By default libSQL and S3 run in this process. With `embeddedIn` the session host serves them
 * itself on the given ports, as `npm start` does (the host must then be running to reach them). */
export async function startTestInfra(options: { embeddedIn?: { libsqlPort: number; s3Port: number } } = {}): Promise<TestInfra> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wag-test-'));
  const masterKey = `wamk_${randomBytes(24).toString('base64url')}`;
  const hostSecret = randomBytes(24).toString('base64url');
  const authToken = randomBytes(24).toString('base64url');
  const embedded = options.embeddedIn;
  // The embedded S3 key pair, from secrets.json as `npm start` reads it; an embedding host finds the same file.
  const s3Credentials = localS3Credentials(loadOrCreateSecrets(dataDir).secrets);
  const libsqlServer = embedded
    ? { url: `http://127.0.0.1:${embedded.libsqlPort}`, close: async () => undefined }
    : await startLibsqlHttpServer({ file: join(dataDir, 'wa-gateway.db'), port: 0, authToken });
  const bucket = 'wa-gateway-media';
  const s3 = embedded
    ? { endpoint: `http://127.0.0.1:${embedded.s3Port}`, close: async () => undefined }
    : await startLocalS3({ directory: join(dataDir, 's3'), port: 0, bucket, credentials: s3Credentials });
  const admin = { username: 'admin', password: randomBytes(12).toString('base64url') };
  const storage = {
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: s3Credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3Credentials.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  };
  const { S3_ENDPOINT: _endpoint, S3_ACCESS_KEY_ID: _key, S3_SECRET_ACCESS_KEY: _secret, ...embeddedStorage } = storage;
  return {
    dataDir,
    masterKey,
    hostSecret,
    admin,
    libsql: { url: libsqlServer.url, authToken },
    hostEnv: {
      DATA_DIR: dataDir,
      HOST_SHARED_SECRET: hostSecret,
      LIBSQL_AUTH_TOKEN: authToken,
      ...(embedded
        ? { LIBSQL_LOCAL_PORT: String(embedded.libsqlPort), S3_LOCAL_PORT: String(embedded.s3Port), ...embeddedStorage }
        : { LIBSQL_URL: libsqlServer.url, ...storage }),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    },
    edgeBindings: (sessionHostUrl) => ({
      LIBSQL_URL: libsqlServer.url,
      LIBSQL_AUTH_TOKEN: authToken,
      S3_REGION: 'us-east-1',
      ...storage,
      MASTER_API_KEY: masterKey,
      HOST_SHARED_SECRET: hostSecret,
      SESSION_HOST_URL: sessionHostUrl,
      ADMIN_USERNAME: admin.username,
      ADMIN_PASSWORD: admin.password,
    }),
    async close() {
      await s3.close();
      await libsqlServer.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type JsonResult<T = any> = { status: number; body: T };

/** JSON requests over a fetch: the body is sent as JSON (a string as is), the answer parsed when it is JSON. */
export function jsonClient(fetch: (path: string, init?: any) => Promise<Response>) {
  return async <T = any>(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResult<T>> => {
    const res = await fetch(path, {
      method,
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
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
}

/** POST /api/v1/media with one multipart field `file`, over a fetch; `newForm` is the FormData
 * the fetch takes (Miniflare's own for workerd). */
export function mediaUploader(
  fetch: (path: string, init?: any) => Promise<Response>,
  newForm: () => { append(name: string, value: Blob, filename: string): void } = () => new FormData(),
) {
  return async (bytes: Uint8Array, type: string, filename: string, headers: Record<string, string> = {}): Promise<JsonResult> => {
    const form = newForm();
    form.append('file', new Blob([bytes as BlobPart], { type }), filename);
    const res = await fetch('/api/v1/media', { method: 'POST', body: form, headers });
    return { status: res.status, body: await res.json() };
  };
}
