// `npm start`: the whole gateway on its embedded defaults (or on what .env / the environment says):
// the session host (with local libSQL and S3 unless LIBSQL_URL / S3_ENDPOINT are set) and the edge
// worker in workerd on http://localhost:3000 (or PORT). Ctrl-C stops everything.
// A production install (`npm ci --omit=dev`) runs this too: it imports only runtime dependencies
// and serves the edge bundle `npm run build` made; a development install bundles it afresh.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Env } from '../edge/src/env.js';
import { localS3Credentials } from '../session-host/src/embedded/local-s3.js';
import { loadOrCreateAdminPassword } from '../session-host/src/embedded/admin-password.js';
import { loadOrCreateSecrets } from '../session-host/src/embedded/secrets.js';
import { createLogger, type LogFormat } from '../session-host/src/logging/create-logger.js';
import { buildEdge } from './build-edge.js';
import { startEdgeFront, type EdgeFront } from './edge-front.js';
import { EDGE_DIR, type EdgeWorkerd, startEdgeWorkerd, WORKERD_CONFIG } from './edge-workerd.js';
import { badProcessSettings, badStartSettings, dropBlankSettings } from './start-config.js';

if (existsSync('.env')) process.loadEnvFile('.env');
// The host checks LOG_FORMAT and names a bad one; here an unknown value simply means auto.
const logFormat: LogFormat = process.env.LOG_FORMAT === 'json' || process.env.LOG_FORMAT === 'pretty' ? process.env.LOG_FORMAT : 'auto';
const log = createLogger({ level: 'info', format: logFormat, base: { service: 'start' } });
const env = process.env;
dropBlankSettings(env);
// Every process's settings are checked before anything starts: each bad one is named.
const { config, problems: startProblems } = badStartSettings(env);
if (!config) exitWithBadSettings(startProblems);
const dataDir = config.DATA_DIR;
const { secrets, created } = loadOrCreateSecrets(dataDir);
const masterKey = env.MASTER_API_KEY ?? secrets.masterApiKey;
const hostSecret = env.HOST_SHARED_SECRET ?? secrets.hostSharedSecret;
// Dashboard admin: ADMIN_PASSWORD / ADMIN_PASSWORD_HASH, or a password generated once (kept hashed).
const adminUsername = env.ADMIN_USERNAME || 'admin';
const generatedAdmin = env.ADMIN_PASSWORD || env.ADMIN_PASSWORD_HASH ? null : await loadOrCreateAdminPassword(dataDir);
const embeddedDb = !env.LIBSQL_URL;
const embeddedS3 = !env.S3_ENDPOINT && !env.S3_ACCESS_KEY_ID;
const libsqlToken = embeddedDb ? (env.LIBSQL_AUTH_TOKEN ?? secrets.libsqlAuthToken) : env.LIBSQL_AUTH_TOKEN;
const hostPort = config.HOST_PORT;
const libsqlPort = config.LIBSQL_LOCAL_PORT;
const s3Port = config.S3_LOCAL_PORT;
const edgePort = config.PORT;
const hostEntry = process.argv[2] ?? 'session-host/src/main.ts';

const children: ChildProcess[] = [];
// Declared before stop() can run: the host may exit while the edge is still starting.
let edge: EdgeWorkerd | undefined;
let front: EdgeFront | undefined;
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  log.info('stopping');
  await front?.close().catch(() => undefined);
  await edge?.close().catch(() => undefined);
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const edgeBindings: Env = {
  LIBSQL_URL: env.LIBSQL_URL ?? `http://127.0.0.1:${libsqlPort}`,
  LIBSQL_AUTH_TOKEN: libsqlToken ?? '',
  S3_ENDPOINT: embeddedS3 ? `http://127.0.0.1:${s3Port}` : (env.S3_ENDPOINT ?? ''),
  S3_REGION: env.S3_REGION ?? 'us-east-1',
  S3_BUCKET: env.S3_BUCKET ?? 'wa-gateway-media',
  S3_ACCESS_KEY_ID: embeddedS3 ? localS3Credentials(secrets).accessKeyId : (env.S3_ACCESS_KEY_ID ?? ''),
  S3_SECRET_ACCESS_KEY: embeddedS3 ? localS3Credentials(secrets).secretAccessKey : (env.S3_SECRET_ACCESS_KEY ?? ''),
  S3_FORCE_PATH_STYLE: env.S3_FORCE_PATH_STYLE ?? (embeddedS3 ? 'true' : ''),
  MASTER_API_KEY: masterKey,
  HOST_SHARED_SECRET: hostSecret,
  SESSION_HOST_URL: config.HOST_PUBLIC_URL ?? `http://127.0.0.1:${hostPort}`,
  ADMIN_USERNAME: adminUsername,
  ADMIN_PASSWORD: env.ADMIN_PASSWORD ?? '',
  ADMIN_PASSWORD_HASH: env.ADMIN_PASSWORD_HASH ?? generatedAdmin?.hash ?? '',
  COOKIE_SECRET: env.COOKIE_SECRET ?? '',
  LOGIN_MAX_ATTEMPTS: env.LOGIN_MAX_ATTEMPTS ?? '',
  TRUST_PROXY: env.TRUST_PROXY ?? '',
  PUBLIC_URL: env.PUBLIC_URL ?? '',
  LEGACY_API_AUTH: env.LEGACY_API_AUTH ?? '',
  LEGACY_DEFAULT_SESSION: env.LEGACY_DEFAULT_SESSION ?? '',
  DEFAULT_COUNTRY: env.DEFAULT_COUNTRY ?? '',
};
const hostEnv = {
  ...env,
  EXIT_WITH_PARENT: 'true',
  // The S3 SDK is pinned; its reminder that later versions need Node 22 is noise here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  DATA_DIR: dataDir,
  HOST_PORT: String(hostPort),
  HOST_SHARED_SECRET: hostSecret,
  LIBSQL_LOCAL_PORT: String(libsqlPort),
  S3_LOCAL_PORT: String(s3Port),
  ...(libsqlToken ? { LIBSQL_AUTH_TOKEN: libsqlToken } : {}),
};
const processProblems = badProcessSettings(hostEnv, { ...edgeBindings });
if (processProblems.length > 0) exitWithBadSettings(processProblems);

prepareEdgeBundle();
log.info('step 2/3: starting the session host');
const host = spawn(process.execPath, ['--import', 'tsx', hostEntry], {
  // The host's stdin is a pipe from this process: when this process dies, even by SIGKILL, the
  // pipe closes and the host shuts down instead of lingering on its ports.
  stdio: ['pipe', 'inherit', 'inherit'],
  env: hostEnv,
});
children.push(host);
host.once('exit', (code) => {
  if (!stopping) {
    log.error({ code }, 'session host exited');
    void stop(1);
  }
});
await waitForHealth(`http://127.0.0.1:${hostPort}/health`);

log.info('step 3/3: starting the edge in workerd');
// workerd listens on loopback only; the public port is the front's, which sets the client address.
edge = await startEdgeWorkerd(edgeBindings);
edge.process.once('exit', (code) => {
  if (!stopping) {
    log.error({ code }, 'workerd exited');
    void stop(1);
  }
});
front = await startEdgeFront({ target: edge.url, port: edgePort, host: config.BIND });

const base = env.PUBLIC_URL?.replace(/\/$/, '') ?? `http://localhost:${edgePort}`;
process.stdout.write(
  [
    '',
    'wa-gateway is running',
    `  API:        ${base}/api/v1`,
    `  Dashboard:  ${base}/dashboard (user ${adminUsername}, ${adminPasswordNote()})`,
    `  Docs:       ${base}/docs`,
    `  Master key: ${masterKeyNote()}`,
    embeddedDb ? `  Database:   ${dataDir}/wa-gateway.db (served on http://127.0.0.1:${libsqlPort})` : '  Database:   LIBSQL_URL',
    embeddedS3 ? `  Media:      ${dataDir}/s3 (S3 API on http://127.0.0.1:${s3Port})` : '  Media:      S3_ENDPOINT',
    ...(env.WA_GATEWAY_BANNER ? [env.WA_GATEWAY_BANNER] : []),
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

function exitWithBadSettings(problems: string[]): never {
  for (const problem of problems) log.error(problem);
  process.exit(1);
}

/** A development install (wrangler present) bundles the edge now, so source changes are served;
 * a production install serves the bundle `npm run build` made before `npm ci --omit=dev`. */
function prepareEdgeBundle(): void {
  const wranglerInstalled = (() => {
    try {
      createRequire(import.meta.url).resolve('wrangler/package.json');
      return true;
    } catch {
      return false;
    }
  })();
  if (wranglerInstalled) {
    log.info('step 1/3: bundling the edge worker');
    buildEdge();
  } else if (existsSync(join(EDGE_DIR, WORKERD_CONFIG))) {
    log.info(`step 1/3: serving the edge bundle built ahead in ${EDGE_DIR}`);
  } else {
    log.error(
      `${EDGE_DIR}/${WORKERD_CONFIG} is missing: run \`npm ci && npm run build\` before the production install (\`npm ci --omit=dev\`), or use the container image`,
    );
    process.exit(1);
  }
}

/** The key itself only when it was generated by this start: a console log is no place to keep it. */
function masterKeyNote(): string {
  if (env.MASTER_API_KEY) return 'from MASTER_API_KEY';
  if (created) return `${masterKey} (generated now and shown only this once; kept in ${dataDir}/secrets.json)`;
  return `kept in ${dataDir}/secrets.json (masterApiKey)`;
}

function adminPasswordNote(): string {
  if (env.ADMIN_PASSWORD) return 'password from ADMIN_PASSWORD';
  if (env.ADMIN_PASSWORD_HASH) return 'password from ADMIN_PASSWORD_HASH';
  if (generatedAdmin?.password) return `password ${generatedAdmin.password} (generated now and shown only this once; ${dataDir}/secrets.json keeps its hash)`;
  return `password printed at the first start; delete adminPasswordHash from ${dataDir}/secrets.json to get a new one`;
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (host.exitCode !== null) throw new Error('session host exited during start');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`session host did not become healthy at ${url}`);
}
