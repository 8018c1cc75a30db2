import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { Db } from '../../db/client.js';
import { ApiError } from '../../errors.js';
import { clientAddress } from '../../net/client-address.js';
import { countHitStatement, windowStartOf } from '../../rate-limit/fixed-window.js';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Counts one sign-in attempt for this client and refuses it with 429 past the limit. Only the
 * client is held back: a count over every client together would let anyone lock the admin out. */
export async function countLoginAttempt(c: Context<AppEnv>, db: Db, limit: number, now: number): Promise<void> {
  const windowStart = windowStartOf(now, LOGIN_WINDOW_MS);
  const [row] = await countHitStatement(db, `login:${clientAddress(c)}`, windowStart);
  if (Number(row?.count ?? 0) <= limit) return;
  const retryAfter = Math.ceil((windowStart + LOGIN_WINDOW_MS - now) / 1000);
  c.header('Retry-After', String(retryAfter));
  throw new ApiError(429, `Too many sign-in attempts from your address: try again in ${Math.ceil(retryAfter / 60)} minute(s).`);
}
