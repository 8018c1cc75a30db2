import { and, eq, sql } from 'drizzle-orm';
import type { SessionStatus } from '../../../shared/src/api/common.js';
import { sessions } from '../../../shared/src/db/schema.js';
import { eventInserts } from '../../../shared/src/events.js';
import type { HostDb } from '../db/client.js';
import { leaseConditions } from '../leases/lease-fence.js';

export interface StatusWriteOptions {
  /** The account once logged in: JID and push name. */
  account?: { jid: string; name: string | null };
  /** false: the row changes but no `session.update` goes out (the same state, a new detail, e.g.
   * the next reconnect attempt's time). Default true. */
  event?: boolean;
  /** Extra fields of the `session.update` event (e.g. `nextAttemptAt`). */
  eventData?: Record<string, unknown>;
}

/** Writes a session's visible status, and its `session.update` event in the same batch; the one
 * place status rows change on the host. */
export class SessionStatusWriter {
  constructor(
    private readonly db: HostDb,
    private readonly clock: () => number = Date.now,
    /** This host's id: a row another host holds a live lease on is that host's to write, not this one's
     * (a host that lost a session and does not know yet must not overwrite what the new owner reports). */
    private readonly hostId?: string,
  ) {}

  async set(sessionId: string, status: SessionStatus, detail: string | null, qr: string | null = null, options: StatusWriteOptions = {}): Promise<void> {
    const now = this.clock();
    const { account, event = true, eventData = {} } = options;
    const update = this.db
      .update(sessions)
      .set({ status, detail, qr, updatedAt: now, ...(account ? { meJid: account.jid, meName: account.name, linkedAt: linkedAtFor(account.jid, now) } : {}) })
      .where(and(eq(sessions.id, sessionId), this.hostId ? leaseConditions(sessionId, this.hostId).notTaken(now) : undefined));
    if (!event) {
      await update;
      return;
    }
    const data = { status, detail, ...(qr ? { qr } : {}), ...eventData };
    await this.db.batch([update, ...eventInserts(this.db, sessionId, 'session.update', data, now, { onlyIfChanged: true })]);
  }
}

/** A number seen for the first time (a new link, or another number in the session) starts its
 * warm-up now; the same number again (a reconnect, a new device of it) keeps its date. */
function linkedAtFor(jid: string, now: number) {
  const user = jid.split(/[:@]/)[0] ?? jid;
  return sql`case when ${sessions.meJid} is null or (${sessions.meJid} not like ${`${user}:%`} and ${sessions.meJid} not like ${`${user}@%`})
    then ${now} else ${sessions.linkedAt} end`;
}
