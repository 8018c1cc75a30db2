// Who may call an operation, checked before its body is read or validated: zod validation runs as
// route middleware, so without this an anonymous 29 MB body was parsed in full before its 401.
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { requirePrincipal, requirePrivileged } from '../auth/principal.js';
import { ApiError } from '../errors.js';

/** JSON bodies of every operation (CSV import and media upload stream and limit their own). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

const bearerAuth: Record<string, string[]>[] = [{ bearerAuth: [] }, { masterKey: [] }];

/** Refuses a body over `maxBytes` (declared, or counted as it arrives) with 413 in the error shape. */
export function limitBody(maxBytes = MAX_JSON_BODY_BYTES) {
  const size = maxBytes >= 1024 * 1024 ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, `Request body too large: at most ${size}.`);
    },
  });
}

const anyCaller = createMiddleware<AppEnv>(async (c, next) => {
  requirePrincipal(c);
  await next();
});

const privilegedCaller = createMiddleware<AppEnv>(async (c, next) => {
  requirePrivileged(c);
  await next();
});

/** Route settings for an operation that needs a credential: documented as its `security` and
 * enforced (with the body cap) before validation. `maxBodyBytes: 'own'` for routes that stream and
 * limit their body themselves. */
export function callerOnly(options: { privileged?: boolean; maxBodyBytes?: number | 'own' } = {}) {
  const max = options.maxBodyBytes ?? MAX_JSON_BODY_BYTES;
  return {
    security: options.privileged ? [{ masterKey: [] }] : bearerAuth,
    middleware: [options.privileged ? privilegedCaller : anyCaller, ...(max === 'own' ? [] : [limitBody(max)])],
  };
}
