import { createDb, type Db } from './db/client.js';
import type { Env } from './env.js';
import { HostClient } from './host/host-client.js';
import { S3MediaStore, type MediaStore } from '../../shared/src/storage/media-store.js';

/** Everything a handler touches, passed in so tests run the same code on real parts. */
export interface Deps {
  db: Db;
  media: MediaStore;
  host: HostClient;
  config: {
    masterKey: string;
    legacyAuth: 'token' | 'none';
    legacyDefaultSession: string | undefined;
    /** Header a proxy of the operator's sets to the client address (TRUST_PROXY), lowercased. */
    trustProxy: string | undefined;
    /** The origin browsers see (PUBLIC_URL) when TLS ends in a proxy in front of the edge. */
    publicOrigin: URL | undefined;
    dashboard: DashboardConfig;
  };
  clock: () => number;
}

/** Dashboard sign-in: the admin's credentials, the cookie's HMAC key, the login rate limit. */
export interface DashboardConfig {
  adminUsername: string;
  adminPassword: string | undefined;
  adminPasswordHash: string | undefined;
  cookieSecret: string;
  loginMaxAttempts: number;
}

/** Built per request: workerd cancels a promise settled in another request's context, and the
 * libSQL client's request queue would do exactly that if one client served concurrent requests.
 * The clients are plain objects over fetch, so building them is cheap. */
export function depsFromEnv(env: Env): Deps {
  for (const name of ['LIBSQL_URL', 'MASTER_API_KEY', 'HOST_SHARED_SECRET', 'SESSION_HOST_URL', 'S3_BUCKET'] as const) {
    if (!env[name]) throw new Error(`Missing required binding ${name}`);
  }
  const db = createDb(env.LIBSQL_URL, env.LIBSQL_AUTH_TOKEN || undefined);
  const deps: Deps = {
    db,
    media: new S3MediaStore({
      endpoint: env.S3_ENDPOINT || undefined,
      region: env.S3_REGION || undefined,
      bucket: env.S3_BUCKET,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === 'true' : undefined,
    }),
    host: new HostClient(db, env.HOST_SHARED_SECRET, env.SESSION_HOST_URL),
    config: {
      masterKey: env.MASTER_API_KEY,
      legacyAuth: env.LEGACY_API_AUTH === 'none' ? 'none' : 'token',
      legacyDefaultSession: env.LEGACY_DEFAULT_SESSION || undefined,
      trustProxy: env.TRUST_PROXY?.trim().toLowerCase() || undefined,
      publicOrigin: env.PUBLIC_URL ? new URL(env.PUBLIC_URL) : undefined,
      dashboard: {
        adminUsername: env.ADMIN_USERNAME || 'admin',
        adminPassword: env.ADMIN_PASSWORD || undefined,
        adminPasswordHash: env.ADMIN_PASSWORD_HASH || undefined,
        cookieSecret: env.COOKIE_SECRET || `wa-gateway dashboard cookie v1:${env.MASTER_API_KEY}`,
        loginMaxAttempts: Number(env.LOGIN_MAX_ATTEMPTS) > 0 ? Number(env.LOGIN_MAX_ATTEMPTS) : 10,
      },
    },
    clock: Date.now,
  };
  return deps;
}
