import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** CSRF guard for cookie-authenticated changes: the browser's Origin must be this server's
 * (or, where a browser sends no Origin, Sec-Fetch-Site must say same-origin). Requests carrying
 * X-Master-Key or a Bearer token do not come through here: a browser never adds those by itself. */
export function requireSameOrigin(c: Context<AppEnv>): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const origin = c.req.header('origin');
  const own = publicUrl(c).origin;
  if (origin !== undefined ? origin === own : c.req.header('sec-fetch-site') === 'same-origin') return;
  throw new ApiError(403, 'Cross-site request refused: a change made with the dashboard cookie must come from the dashboard itself (Origin mismatch).');
}

/** The URL browsers use: PUBLIC_URL where TLS ends in a proxy (the worker then sees http://…),
 * else the request's own. */
export function publicUrl(c: Context<AppEnv>): URL {
  return c.var.deps.config.publicOrigin ?? new URL(c.req.url);
}
