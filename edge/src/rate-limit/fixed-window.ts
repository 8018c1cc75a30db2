import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../db/client.js';
import { ApiError } from '../errors.js';

/** Counts a request against `key` in a fixed window, in one statement, and refuses with 429 past
 * `limit`. Kept in libSQL so every isolate and every edge instance shares the count. */
export async function enforceRateLimit(db: Db, key: string, limit: number, windowMs: number, now: number): Promise<void> {
  const windowStart = now - (now % windowMs);
  const [row] = await db.all<{ count: number }>(sql`insert into rate_limits (key, window_start, count) values (${key}, ${windowStart}, 1)
    on conflict(key) do update set count = case when window_start = excluded.window_start then count + 1 else 1 end, window_start = excluded.window_start
    returning count`);
  if (Number(row?.count ?? 0) > limit) {
    const retryAfter = Math.ceil((windowStart + windowMs - now) / 1000);
    throw new ApiError(429, `Too many requests: at most ${limit} per ${Math.round(windowMs / 1000)} s. Try again in ${retryAfter} s.`);
  }
}

/** The caller's address as the platform reports it (Cloudflare sets CF-Connecting-IP). */
export function clientAddress(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown';
}
