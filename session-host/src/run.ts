import { S3MediaStore } from '../../shared/src/storage/media-store.js';
import { loadHostConfig, type HostConfig } from './config/config.js';
import type { GovernorDefaults } from './governor/send-governor.js';
import { BaileysDriver } from './connection/baileys-driver.js';
import { ClientVersions } from './connection/client-version.js';
import type { SocketFactory } from './connection/socket-factory.js';
import { loadOrCreateSecrets } from './embedded/secrets.js';
import { startSessionHost, type HostParts, type RunningHost } from './host.js';
import { createLogger } from './logging/create-logger.js';
import { hardenBaileys } from './whatsapp/harden.js';
import { installStackFormat } from './whatsapp/stack-format.js';

/** The driver that runs sessions on Baileys with the given socket factory. */
export function baileysDriverPart(socketFactory: SocketFactory, clock: () => number = Date.now, idlePollMaxMs?: number): NonNullable<HostParts['driver']> {
  return ({ db, status, s3, config, logger, metrics }) =>
    new BaileysDriver(
      db,
      status,
      new S3MediaStore(s3),
      socketFactory,
      {
        ratePerMinute: config.SEND_RATE_PER_MINUTE,
        jitterMs: config.SEND_JITTER_MS,
        maxAttempts: config.SEND_MAX_ATTEMPTS,
        mediaFetchTimeoutMs: config.MEDIA_FETCH_TIMEOUT_MS,
        maxIncomingMediaBytes: config.MEDIA_MAX_INCOMING_BYTES,
        contactCheckTtlMs: config.CONTACT_CHECK_TTL_MS,
        allowPrivateNetwork: config.ALLOW_PRIVATE_NETWORK_FETCH,
        connection: {
          watchdog: { pingIntervalMs: config.WATCHDOG_PING_INTERVAL_MS, ackTimeoutMs: config.WATCHDOG_ACK_TIMEOUT_MS },
          reconnect: { baseMs: config.RECONNECT_BASE_DELAY_MS, maxMs: Math.max(config.RECONNECT_BASE_DELAY_MS, config.RECONNECT_MAX_DELAY_MS) },
          onReplaced: config.WA_ON_REPLACED,
          versions: new ClientVersions(config.WA_VERSION),
        },
        governor: governorDefaults(config),
        sealingSecret: config.HOST_SHARED_SECRET,
        aiTimeoutMs: config.AI_TIMEOUT_MS,
        idlePollMaxMs,
      },
      logger,
      metrics,
      clock,
    );
}

/** The send governor's defaults from the SEND_* settings. */
export function governorDefaults(config: HostConfig): GovernorDefaults {
  return {
    settings: {
      ratePerMinute: config.SEND_RATE_PER_MINUTE,
      jitterMs: config.SEND_JITTER_MS,
      hourlyCap: config.SEND_HOURLY_CAP,
      dailyCap: config.SEND_DAILY_CAP,
      firstContactDailyCap: config.SEND_FIRST_CONTACT_DAILY_CAP,
      quietHours: config.SEND_QUIET_HOURS || null,
      timeZone: config.SEND_TIME_ZONE,
      warmup: config.SEND_WARMUP,
      composingMsPerChar: config.SEND_COMPOSING_MS_PER_CHAR,
      pauseFailureRatio: config.SEND_PAUSE_FAILURE_RATIO,
      pauseRefusals: config.SEND_PAUSE_REFUSALS,
    },
    pauseWindowMs: config.SEND_PAUSE_WINDOW_MS,
  };
}

/** A session host process configured from the environment, stopped by SIGINT/SIGTERM. On the
 * embedded default (no LIBSQL_URL) its secrets come from DATA_DIR/secrets.json. */
export async function runHostProcess(socketFactory: SocketFactory): Promise<RunningHost> {
  // Before anything is created: the database (with its -wal/-shm), media objects and secrets
  // are for this user only, whatever creates them.
  process.umask(0o077);
  // Baileys rc14 accepts any signature and any certificate chain: restore the checks (with a
  // self-test) and bind the chain to the handshake key before any socket opens.
  hardenBaileys();
  // Baileys builds a stack trace per frame it writes; mapping every one through source maps cost ~6 % of the host.
  installStackFormat();
  const env = { ...process.env };
  if (!env.LIBSQL_URL || !env.HOST_SHARED_SECRET) {
    const { secrets } = loadOrCreateSecrets(env.DATA_DIR || './data');
    env.HOST_SHARED_SECRET ||= secrets.hostSharedSecret;
    if (!env.LIBSQL_URL) env.LIBSQL_AUTH_TOKEN ||= secrets.libsqlAuthToken;
  }
  const config = loadHostConfig(env);
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, base: { service: 'session-host' } });
  if (config.ALLOW_PRIVATE_NETWORK_FETCH) logger.warn('ALLOW_PRIVATE_NETWORK_FETCH=true: webhooks and media links may reach private addresses');
  const host = await startSessionHost(config, logger, { driver: baileysDriverPart(socketFactory) });
  let stopping = false;
  const shutdown = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    host.close().finally(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown(signal));
  // Started by `npm start`: stdin is a pipe from it, closed when it dies.
  if (process.env.EXIT_WITH_PARENT === 'true') process.stdin.on('end', () => shutdown('parent exited')).resume();
  return host;
}
