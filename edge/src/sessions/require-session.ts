import { eq } from 'drizzle-orm';
import { sessions } from '../../../shared/src/db/schema.js';
import type { Db } from '../db/client.js';
import { ApiError } from '../errors.js';

export async function requireSession(db: Db, sessionId: string): Promise<void> {
  const [row] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId));
  if (!row) throw new ApiError(404, `Session ${sessionId} not found.`);
}
