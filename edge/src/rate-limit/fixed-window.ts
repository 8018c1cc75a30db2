import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../db/client.js';
import { ApiError } from '../errors.js';

/** Start of the fixed window `now` falls in. */
const windowStartOf = (now: number, windowMs: number) => now - (now % windowMs);

/** One hit against `key` in its fixed window, counted by one upsert on `rate_limits` (shared by
 * every isolate and edge instance); the statement returns the count so far in this window. */
function countHitStatement(db: Db, key: string, windowStart: number) {
  return db.all<{ count: number }>(sql`insert into rate_limits (key, window_start, count) values (${key}, ${windowStart}, 1)
    on conflict(key) do update set count = case when window_start = excluded.window_start then count + 1 else 1 end, window_start = excluded.window_start
    returning count`);
}

/** Refuses with 429 (and Retry-After) once `key` has had more than `limit` hits in the window;
 * `refusal` words the message from the seconds left (default: the limit and the wait). */
export async function enforceRateLimit(
  c: Context,
  db: Db,
  key: string,
  limit: number,
  windowMs: number,
  now: number,
  refusal = (retryAfter: number) => `Too many requests: at most ${limit} per ${Math.round(windowMs / 1000)} s. Try again in ${retryAfter} s.`,
): Promise<void> {
  const windowStart = windowStartOf(now, windowMs);
  const [row] = await countHitStatement(db, key, windowStart);
  if (Number(row?.count ?? 0) > limit) {
    const retryAfter = Math.ceil((windowStart + windowMs - now) / 1000);
    c.header('Retry-After', String(retryAfter));
    throw new ApiError(429, refusal(retryAfter));
  }
}
