import type { Context } from 'hono';
import { ApiError } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** CSRF guard for cookie-authenticated changes: the browser's Origin must be this server's
 * (or, where a browser sends no Origin, Sec-Fetch-Site must say same-origin). Requests carrying
 * X-Master-Key or a Bearer token do not come through here: a browser never adds those by itself. */
export function requireSameOrigin(c: Context): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const origin = c.req.header('origin');
  const own = new URL(c.req.url).origin;
  if (origin !== undefined ? origin === own : c.req.header('sec-fetch-site') === 'same-origin') return;
  throw new ApiError(403, 'Cross-site request refused: a change made with the dashboard cookie must come from the dashboard itself (Origin mismatch).');
}
