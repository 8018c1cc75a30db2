import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { Db } from '../../db/client.js';
import { clientAddress } from '../../net/client-address.js';
import { enforceRateLimit } from '../../rate-limit/fixed-window.js';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Counts one sign-in attempt for this client and refuses it with 429 past the limit. Only the
 * client is held back: a count over every client together would let anyone lock the admin out. */
export async function countLoginAttempt(c: Context<AppEnv>, db: Db, limit: number, now: number): Promise<void> {
  await enforceRateLimit(
    c,
    db,
    `login:${clientAddress(c)}`,
    limit,
    LOGIN_WINDOW_MS,
    now,
    (retryAfter) => `Too many sign-in attempts from your address: try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
  );
}
