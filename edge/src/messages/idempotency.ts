import { and, eq } from 'drizzle-orm';
import { idempotencyKeys } from '../../../shared/src/db/schema.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../errors.js';

/** The answer stored for this Idempotency-Key, if the key was used; 409 when it was used for
 * another request (its hash differs). */
export async function findIdempotent<T>(deps: Deps, sessionId: string, key: string, requestHash: string): Promise<T | null> {
  const [row] = await deps.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.sessionId, sessionId), eq(idempotencyKeys.key, key)));
  if (!row) return null;
  if (row.requestHash !== requestHash) throw new ApiError(409, 'Idempotency-Key was already used with a different request body.');
  return JSON.parse(row.response) as T;
}
