// Who may call an operation, checked before its body is read or validated: zod validation runs as
// route middleware, so without this an anonymous 29 MB body was parsed in full before its 401.
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { requirePrincipal, requirePrivileged } from '../auth/principal.js';
import { ApiError } from '../errors.js';

/** JSON bodies of every operation (CSV import and media upload set their own limits). */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

const bearerAuth: Record<string, string[]>[] = [{ bearerAuth: [] }, { masterKey: [] }];

/** Refuses a body over `maxBytes` (declared, or counted as it arrives) with 413 in the error shape. */
export function limitBody(maxBytes = MAX_JSON_BODY_BYTES, tooLarge?: string) {
  const size = maxBytes >= 1024 * 1024 ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(maxBytes / 1024)} KB`;
  const message = tooLarge ?? `Request body too large: at most ${size}.`;
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, message);
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
 * enforced, with the body cap (`tooLarge`: the 413's message), before validation. */
export function callerOnly(options: { privileged?: boolean; maxBodyBytes?: number; tooLarge?: string } = {}) {
  return {
    security: options.privileged ? [{ masterKey: [] }] : bearerAuth,
    middleware: [options.privileged ? privilegedCaller : anyCaller, limitBody(options.maxBodyBytes, options.tooLarge)],
  };
}

/** A raw body of at most `maxBytes` that is streamed, never buffered, so its length must be
 * declared up front: 411 without a Content-Length, 413 over the cap, both before a byte is read. */
const declaredLength = (maxBytes: number, tooLarge: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('content-length');
    if (header === undefined || c.req.header('transfer-encoding') !== undefined) {
      throw new ApiError(411, 'Content-Length is required: send the file as the request body with its length (curl -T does).');
    }
    if (!/^\d{1,15}$/.test(header)) throw new ApiError(400, 'Content-Length must be a whole number of bytes.');
    if (Number(header) > maxBytes) throw new ApiError(413, tooLarge);
    await next();
  });

/** Route settings for a streamed upload by any caller: authenticated, then its declared length. */
export function callerStreaming(options: { maxBodyBytes: number; tooLarge: string }) {
  return { security: bearerAuth, middleware: [anyCaller, declaredLength(options.maxBodyBytes, options.tooLarge)] };
}
