// A cap on a session's open Server-Sent Event streams, counted in libSQL (correct across isolates
// and edge instances): each stream holds a slot row it renews while open and deletes when done.
import { and, eq, lte, sql } from 'drizzle-orm';
import { eventStreams } from '../../../shared/src/db/schema.js';
import type { Db } from '../db/client.js';
import { ApiError } from '../errors.js';

/** Open streams one session may hold at once (dashboard tabs, integrations following campaigns). */
export const MAX_STREAMS_PER_SESSION = 10;
/** A slot not renewed for this long (a stream that died without releasing it) is free again. */
export const SLOT_TTL_MS = 60_000;

export interface StreamSlot {
  /** Keeps the slot while the stream is open; call at least every SLOT_TTL_MS / 2. */
  renew(now: number): Promise<void>;
  release(): Promise<void>;
}

/** Takes a slot for a new stream of `sessionId`, or refuses with 429 when the session holds the
 * maximum already. One statement: the count and the insert cannot race. */
export async function claimStreamSlot(db: Db, sessionId: string, now: number): Promise<StreamSlot> {
  const id = crypto.randomUUID();
  const [, inserted] = await db.batch([
    db.delete(eventStreams).where(lte(eventStreams.expiresAt, now)),
    db.run(sql`insert into event_streams (id, session_id, expires_at)
      select ${id}, ${sessionId}, ${now + SLOT_TTL_MS}
      where (select count(*) from event_streams where session_id = ${sessionId} and expires_at > ${now}) < ${MAX_STREAMS_PER_SESSION}`),
  ]);
  if (inserted.rowsAffected === 0) {
    throw new ApiError(429, `Too many open event streams for session ${sessionId}: at most ${MAX_STREAMS_PER_SESSION} at once. Close one and try again.`);
  }
  return {
    async renew(at) {
      await db
        .update(eventStreams)
        .set({ expiresAt: at + SLOT_TTL_MS })
        .where(eq(eventStreams.id, id));
    },
    async release() {
      await db.delete(eventStreams).where(and(eq(eventStreams.id, id), eq(eventStreams.sessionId, sessionId)));
    },
  };
}
