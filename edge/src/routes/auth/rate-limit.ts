import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../../db/client.js';
import { ApiError } from '../../errors.js';

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** Counts one sign-in attempt for this client in a fixed window (one upsert on `rate_limits`, so
 * every isolate and edge instance shares it) and refuses with 429 past `limit`. */
export async function countLoginAttempt(c: Context, db: Db, limit: number, now: number): Promise<void> {
  const windowStart = now - (now % LOGIN_WINDOW_MS);
  const key = `login:${clientAddress(c)}`;
  const [row] = await db.all<{ count: number }>(sql`insert into rate_limits (key, window_start, count) values (${key}, ${windowStart}, 1)
    on conflict(key) do update set count = case when window_start = excluded.window_start then count + 1 else 1 end, window_start = excluded.window_start
    returning count`);
  if (Number(row?.count ?? 0) > limit) {
    const retryAfter = Math.ceil((windowStart + LOGIN_WINDOW_MS - now) / 1000);
    c.header('Retry-After', String(retryAfter));
    throw new ApiError(429, `Too many sign-in attempts from this address: try again in ${Math.ceil(retryAfter / 60)} minute(s).`);
  }
}

/** The client's address as the platform reports it (Cloudflare and Miniflare set CF-Connecting-IP). */
function clientAddress(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}
