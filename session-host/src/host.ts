import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { SIGNATURE_WINDOW_MS } from '../../shared/src/internal-auth.js';
import type { HostConfig } from './config/config.js';
import { createHostDb, runMigrations, type HostDb } from './db/client.js';
import { localS3Credentials, startLocalS3 } from './embedded/local-s3.js';
import { makeDataDirPrivate } from './embedded/private-data-dir.js';
import { loadOrCreateSecrets } from './embedded/secrets.js';
import { createInternalApi } from './internal-api/app.js';
import { listen } from './internal-api/listen.js';
import { SeenSignatures } from './internal-api/seen-signatures.js';
import { HostRegistry } from './leases/host-registry.js';
import { SessionLease } from './leases/session-lease.js';
import { DbGauges } from './metrics/db-gauges.js';
import { HostMetrics } from './metrics/host-metrics.js';
import { startLibsqlHttpServerInWorker } from './libsql-http/in-worker.js';
import { RetentionJob, type RetentionSettings } from './retention/retention-job.js';
import { SessionManager, type SessionDriver } from './sessions/session-manager.js';
import { SessionStatusWriter } from './sessions/session-status-writer.js';
import { UnavailableDriver } from './sessions/unavailable-driver.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';

export interface S3Settings {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export interface RunningHost {
  hostId: string;
  url: string;
  libsql: { url: string; authToken?: string };
  s3: S3Settings;
  db: HostDb;
  sessions: SessionManager;
  config: HostConfig;
  metrics: HostMetrics;
  close(): Promise<void>;
}

export interface HostParts {
  /** Builds the driver that runs sessions; without one the host reports that it has no WhatsApp client. */
  driver?: (ctx: {
    db: HostDb;
    status: SessionStatusWriter;
    hostId: string;
    s3: S3Settings;
    config: HostConfig;
    logger: Logger;
    metrics: HostMetrics;
  }) => SessionDriver;
}

/** Starts a session host: the embedded database and S3 when no remote ones are configured,
 * migrations, the signed internal API, and the lease heartbeat. Each step is logged. */
export async function startSessionHost(config: HostConfig, logger: Logger, parts: HostParts = {}): Promise<RunningHost> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err) => logger.error({ err }, 'shutdown step failed'));
  };
  try {
    // Stable across restarts, so a restarted host reclaims its own leases at once.
    const hostId = config.HOST_ID ?? `${hostname()}:${config.HOST_PORT || process.pid}`;
    if (!config.LIBSQL_URL || !usesExternalS3(config)) makeDataDirPrivate(config.DATA_DIR);
    const libsql = await resolveDatabase(config, logger, closers);
    const s3 = await resolveStorage(config, logger, closers);

    const db = createHostDb(libsql.url, libsql.authToken, libsql.fetch);
    closers.push(async () => db.$client.close());
    logger.info('step 3/5: applying database migrations');
    await runMigrations(db);

    const status = new SessionStatusWriter(db, Date.now, hostId);
    const metrics = new HostMetrics();
    if (libsql.heapUsed) metrics.watchDatabaseThread(libsql.heapUsed);
    const driver = parts.driver?.({ db, status, hostId, s3, config, logger, metrics }) ?? new UnavailableDriver(status, hostId);
    const listener = await listen(config.HOST_BIND, config.HOST_PORT);
    closers.push(() => listener.close());
    const url = config.HOST_PUBLIC_URL ?? `http://${config.HOST_BIND}:${listener.port}`;
    const lease = new SessionLease(db, hostId, url, config.LEASE_TTL_MS);
    const registry = new HostRegistry(db, hostId, url, config.LEASE_TTL_MS);
    // Which host claimed, handed off or lost a session: the lines that matter when several share a log.
    const sessions = new SessionManager(db, lease, registry, driver, status, logger.child({ hostId }), metrics, 2 * config.LEASE_TTL_MS);
    const seen = new SeenSignatures(db, SIGNATURE_WINDOW_MS);
    const dbGauges = new DbGauges(db, hostId, metrics, logger);
    const internalApi = createInternalApi({
      secret: config.HOST_SHARED_SECRET,
      hostId,
      sessions,
      seen,
      logger,
      metrics: { token: config.METRICS_TOKEN, metrics, dbGauges },
    });
    listener.setHandler(internalApi.fetch);
    logger.info({ url, hostId }, 'step 4/5: internal API listening');

    closers.push(() => sessions.close());
    const webhooks = new WebhookDispatcher({
      db,
      logger,
      ownedSessions: () => sessions.ownedSessions,
      metrics,
      fetchOptions: { timeoutMs: config.WEBHOOK_TIMEOUT_MS, allowPrivateNetwork: config.ALLOW_PRIVATE_NETWORK_FETCH },
    });
    webhooks.start();
    closers.push(() => webhooks.close());
    const retention = new RetentionJob(db, retentionSettings(config), logger.child({ component: 'retention' }));
    retention.start();
    closers.push(() => retention.close());
    sessions.startHeartbeat(Math.max(500, Math.floor(config.LEASE_TTL_MS / 3)));
    logger.info('step 5/5: session host ready');
    return { hostId, url, libsql, s3, db, sessions, config, metrics, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function retentionSettings(config: HostConfig): RetentionSettings {
  return {
    rateLimitsMs: config.RETENTION_RATE_LIMITS_MS,
    idempotencyKeysMs: config.RETENTION_IDEMPOTENCY_KEYS_MS,
    messagePayloadsMs: config.RETENTION_MESSAGE_PAYLOADS_MS,
    deliveredWebhookEventsMs: config.RETENTION_WEBHOOK_DELIVERED_MS,
    deadWebhookEventsMs: config.RETENTION_WEBHOOK_DEAD_MS,
    auditLogMs: config.AUDIT_RETENTION_DAYS * 24 * 60 * 60_000,
    sessionEventsMs: config.RETENTION_SESSION_EVENTS_MS,
    minuteCountsMs: config.RETENTION_MINUTE_COUNTS_MS,
    intervalMs: config.RETENTION_INTERVAL_MS,
  };
}

function usesExternalS3(config: HostConfig): boolean {
  return Boolean(config.S3_ENDPOINT || config.S3_ACCESS_KEY_ID);
}

async function resolveDatabase(
  config: HostConfig,
  logger: Logger,
  closers: (() => Promise<void>)[],
): Promise<{ url: string; authToken?: string; fetch?: typeof fetch; heapUsed?: () => Promise<number> }> {
  if (config.LIBSQL_URL) {
    logger.info({ url: config.LIBSQL_URL }, 'step 1/5: using libSQL at LIBSQL_URL');
    return { url: config.LIBSQL_URL, authToken: config.LIBSQL_AUTH_TOKEN };
  }
  const file = join(config.DATA_DIR, 'wa-gateway.db');
  const server = await startLibsqlHttpServerInWorker({ file, port: config.LIBSQL_LOCAL_PORT, authToken: config.LIBSQL_AUTH_TOKEN, logLevel: config.LOG_LEVEL });
  closers.push(() => server.close());
  logger.info({ file, url: server.url }, 'step 1/5: embedded libSQL file served over HTTP (on its own thread; this host asks it over a port)');
  return { url: server.url, authToken: config.LIBSQL_AUTH_TOKEN, fetch: server.fetch, heapUsed: server.heapUsed };
}

async function resolveStorage(config: HostConfig, logger: Logger, closers: (() => Promise<void>)[]): Promise<S3Settings> {
  const base = { region: config.S3_REGION, bucket: config.S3_BUCKET };
  if (usesExternalS3(config)) {
    logger.info({ endpoint: config.S3_ENDPOINT ?? 'AWS' }, 'step 2/5: using S3 from the environment');
    return {
      ...base,
      endpoint: config.S3_ENDPOINT,
      accessKeyId: config.S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: config.S3_SECRET_ACCESS_KEY ?? '',
      forcePathStyle: config.S3_FORCE_PATH_STYLE ? config.S3_FORCE_PATH_STYLE === 'true' : Boolean(config.S3_ENDPOINT),
    };
  }
  // The key pair `npm start` hands the edge too: generated once into secrets.json.
  const credentials = localS3Credentials(loadOrCreateSecrets(config.DATA_DIR).secrets);
  const s3 = await startLocalS3({ directory: join(config.DATA_DIR, 's3'), port: config.S3_LOCAL_PORT, bucket: config.S3_BUCKET, credentials });
  closers.push(() => s3.close());
  logger.info({ endpoint: s3.endpoint, bucket: config.S3_BUCKET }, 'step 2/5: embedded S3 server over the data directory');
  return { ...base, endpoint: s3.endpoint, ...credentials, forcePathStyle: true };
}
