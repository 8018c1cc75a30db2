import { lt } from 'drizzle-orm';
import { internalCallSignatures } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';

/** Accepted internal-call signatures, in libSQL: a replay is refused even after a restart (an
 * in-memory list forgot them). Rows are kept until their call's timestamp is out of the window. */
export class SeenSignatures {
  private lastPrune = 0;

  constructor(
    private readonly db: HostDb,
    private readonly windowMs: number,
  ) {}

  /** True the first time a signature is seen; false for a replay. */
  async firstUse(signature: string, signedAt: number, now: number): Promise<boolean> {
    await this.pruneNowAndThen(now);
    const inserted = await this.db
      .insert(internalCallSignatures)
      .values({ signature, expiresAt: signedAt + this.windowMs })
      .onConflictDoNothing()
      .returning({ signature: internalCallSignatures.signature });
    return inserted.length === 1;
  }

  /** At most once a window: the expired rows go in one indexed delete. */
  private async pruneNowAndThen(now: number): Promise<void> {
    if (now - this.lastPrune < this.windowMs) return;
    this.lastPrune = now;
    await this.db.delete(internalCallSignatures).where(lt(internalCallSignatures.expiresAt, now));
  }
}
