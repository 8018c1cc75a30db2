import { eq, sql } from 'drizzle-orm';
import type { SessionStatus } from '../../../shared/src/api/common.js';
import { sessions } from '../../../shared/src/db/schema.js';
import { eventInserts } from '../../../shared/src/events.js';
import type { HostDb } from '../db/client.js';

/** Writes a session's visible status, and its `session.update` event in the same batch; the one
 * place status rows change on the host. */
export class SessionStatusWriter {
  constructor(
    private readonly db: HostDb,
    private readonly clock: () => number = Date.now,
  ) {}

  async set(
    sessionId: string,
    status: SessionStatus,
    detail: string | null,
    qr: string | null = null,
    account?: { jid: string; name: string | null },
  ): Promise<void> {
    const now = this.clock();
    await this.db.batch([
      this.db
        .update(sessions)
        .set({ status, detail, qr, updatedAt: now, ...(account ? { meJid: account.jid, meName: account.name, linkedAt: linkedAtFor(account.jid, now) } : {}) })
        .where(eq(sessions.id, sessionId)),
      ...eventInserts(this.db, sessionId, 'session.update', { status, detail, ...(qr ? { qr } : {}) }, now),
    ]);
  }
}

/** A number seen for the first time (a new link, or another number in the session) starts its
 * warm-up now; the same number again (a reconnect, a new device of it) keeps its date. */
function linkedAtFor(jid: string, now: number) {
  const user = jid.split(/[:@]/)[0] ?? jid;
  return sql`case when ${sessions.meJid} is null or (${sessions.meJid} not like ${`${user}:%`} and ${sessions.meJid} not like ${`${user}@%`})
    then ${now} else ${sessions.linkedAt} end`;
}
