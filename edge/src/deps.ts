import { isolateDb, type Db } from './db/client.js';
import { type EdgeConfig, edgeConfigOf } from './config.js';
import type { Env } from './env.js';
import { HostClient, type SessionHosts } from './host/host-client.js';
import { S3MediaStore, type MediaStore } from '../../shared/src/storage/media-store.js';
import { SessionTokenCache } from './auth/session-token-cache.js';

/** Everything a handler touches, passed in so tests run the same code on real parts. */
export interface Deps {
  db: Db;
  media: MediaStore;
  host: SessionHosts;
  /** Session tokens recently found valid, for the writes that check them again (see SessionTokenCache). */
  tokens: SessionTokenCache;
  config: AppConfig;
  clock: () => number;
}

/** The settings handlers read, from the validated environment. */
export interface AppConfig {
  masterKey: string;
  /** HOST_SHARED_SECRET: also seals what the session host must open (a session's proxy URL). */
  hostSecret: string;
  legacyAuth: 'token' | 'none';
  legacyDefaultSession: string | undefined;
  /** Header a proxy of the operator's sets to the client address (TRUST_PROXY), lowercased. */
  trustProxy: string | undefined;
  /** The origin browsers see (PUBLIC_URL) when TLS ends in a proxy in front of the edge. */
  publicOrigin: URL | undefined;
  /** Country national-format numbers are read in when a session sets none (DEFAULT_COUNTRY). */
  defaultCountry: string | undefined;
  dashboard: DashboardConfig;
}

/** Dashboard sign-in: the admin's credentials, the cookie's HMAC key, the login rate limit. */
export interface DashboardConfig {
  adminUsername: string;
  adminPassword: string | undefined;
  adminPasswordHash: string | undefined;
  cookieSecret: string;
  loginMaxAttempts: number;
}

const tokenCaches = new Map<string, SessionTokenCache>();

/** The isolate's remembered tokens for this database, made once like its client. */
function isolateTokens(url: string): SessionTokenCache {
  let tokens = tokenCaches.get(url);
  if (!tokens) {
    tokens = new SessionTokenCache();
    tokenCaches.set(url, tokens);
  }
  return tokens;
}

/** Built per request (the host client carries the request id), around the isolate's one database
 * client (see isolateDb). */
export function depsFromEnv(env: Env, requestId?: string): Deps {
  const settings = edgeConfigOf(env);
  const db = isolateDb(settings.LIBSQL_URL, settings.LIBSQL_AUTH_TOKEN);
  return {
    db,
    media: new S3MediaStore({
      endpoint: settings.S3_ENDPOINT,
      region: settings.S3_REGION,
      bucket: settings.S3_BUCKET,
      accessKeyId: settings.S3_ACCESS_KEY_ID,
      secretAccessKey: settings.S3_SECRET_ACCESS_KEY,
      forcePathStyle: settings.S3_FORCE_PATH_STYLE === undefined ? undefined : settings.S3_FORCE_PATH_STYLE === 'true',
    }),
    host: new HostClient(db, settings.HOST_SHARED_SECRET, settings.SESSION_HOST_URL, Date.now, requestId),
    tokens: isolateTokens(settings.LIBSQL_URL),
    config: appConfigOf(settings),
    clock: Date.now,
  };
}

export function appConfigOf(settings: EdgeConfig): AppConfig {
  return {
    masterKey: settings.MASTER_API_KEY,
    hostSecret: settings.HOST_SHARED_SECRET,
    legacyAuth: settings.LEGACY_API_AUTH,
    legacyDefaultSession: settings.LEGACY_DEFAULT_SESSION,
    trustProxy: settings.TRUST_PROXY,
    publicOrigin: settings.PUBLIC_URL,
    defaultCountry: settings.DEFAULT_COUNTRY,
    dashboard: {
      adminUsername: settings.ADMIN_USERNAME,
      adminPassword: settings.ADMIN_PASSWORD,
      adminPasswordHash: settings.ADMIN_PASSWORD_HASH,
      cookieSecret: settings.COOKIE_SECRET ?? `wa-gateway dashboard cookie v1:${settings.MASTER_API_KEY}`,
      loginMaxAttempts: settings.LOGIN_MAX_ATTEMPTS,
    },
  };
}
