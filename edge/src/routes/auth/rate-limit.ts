import type { Context } from 'hono';
import type { Db } from '../../db/client.js';
import { ApiError } from '../../errors.js';
import { countHitStatement, windowStartOf } from '../../rate-limit/fixed-window.js';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** The admin account takes this many times a client's attempts from all clients together: a
 * client address can be forged where no proxy sets it (CF-Connecting-IP on a self-hosted edge). */
export const ADMIN_ACCOUNT_FACTOR = 10;

/** Counts one sign-in attempt for this client (and, for an admin sign-in, for the admin account)
 * and refuses with 429 past the limit. */
export async function countLoginAttempt(c: Context, db: Db, limit: number, now: number, admin: boolean): Promise<void> {
  const windowStart = windowStartOf(now, LOGIN_WINDOW_MS);
  const client = countHitStatement(db, `login:${c.req.header('cf-connecting-ip') ?? 'unknown'}`, windowStart);
  const [[perClient], [perAccount]] = admin ? await db.batch([client, countHitStatement(db, 'login-account:admin', windowStart)]) : [await client, [undefined]];
  const over = Number(perClient?.count ?? 0) > limit || Number(perAccount?.count ?? 0) > limit * ADMIN_ACCOUNT_FACTOR;
  if (!over) return;
  const retryAfter = Math.ceil((windowStart + LOGIN_WINDOW_MS - now) / 1000);
  c.header('Retry-After', String(retryAfter));
  throw new ApiError(429, `Too many sign-in attempts: try again in ${Math.ceil(retryAfter / 60)} minute(s).`);
}
