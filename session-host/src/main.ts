// `node --import tsx session-host/src/main.ts`: a session host configured from the environment.
// Embedded default (no LIBSQL_URL): secrets come from ./data/secrets.json, created on first start.
import { pino } from 'pino';
import { loadHostConfig } from './config/config.js';
import { loadOrCreateSecrets } from './embedded/secrets.js';
import { startSessionHost } from './host.js';

const env = { ...process.env };
if (!env.LIBSQL_URL || !env.HOST_SHARED_SECRET) {
  const { secrets } = loadOrCreateSecrets(env.DATA_DIR ?? './data');
  env.HOST_SHARED_SECRET ??= secrets.hostSharedSecret;
  if (!env.LIBSQL_URL) env.LIBSQL_AUTH_TOKEN ??= secrets.libsqlAuthToken;
}
const config = loadHostConfig(env);
const logger = pino({ level: config.LOG_LEVEL, base: { service: 'session-host' } });

const host = await startSessionHost(config, logger);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    host.close().finally(() => process.exit(0));
  });
}
