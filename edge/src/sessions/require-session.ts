import { eq } from 'drizzle-orm';
import { sessions } from '../../../shared/src/db/schema.js';
import type { Db } from '../db/client.js';
import { ApiError } from '../errors.js';

/** The session's row (its own default country, if set), or 404. */
export async function requireSession(db: Db, sessionId: string): Promise<{ defaultCountry: string | null }> {
  const [row] = await db.select({ defaultCountry: sessions.defaultCountry }).from(sessions).where(eq(sessions.id, sessionId));
  if (!row) throw new ApiError(404, `Session ${sessionId} not found.`);
  return row;
}
