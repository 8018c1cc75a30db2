// While the send governor holds back every message of a session (a pause, quiet hours, a daily,
// hourly or warm-up cap), the send queue claims nothing: claiming each chat's next message only to
// put it back held cost a claim and a write per queued chat. The queue keeps the hold here until it
// lifts by itself or the governor is woken, and marks the session's queued messages held in one
// statement, so each one still shows that it waits, why and until when.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { messages } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { WAITING_PREFIX } from '../governor/send-deferred.js';

export interface Held {
  reason: string;
  until: number;
}

export class SessionHold {
  private held: Held | undefined;
  /** Messages may have been queued since the queued ones were last marked held. */
  private unmarked = false;

  constructor(
    private readonly db: HostDb,
    private readonly sessionId: string,
    private readonly clock: () => number,
  ) {}

  /** The hold in force now; one whose time has come is forgotten. */
  current(): Held | undefined {
    if (this.held && this.clock() >= this.held.until) this.held = undefined;
    return this.held;
  }

  set(held: Held): void {
    this.held = held;
    this.unmarked = true;
  }

  /** The governor was woken (a resume, new limits): sends are looked at again. */
  lift(): void {
    this.held = undefined;
  }

  /** Messages were queued (or queued again): the next `mark` marks them. */
  queued(): void {
    this.unmarked = true;
  }

  /** Puts back `claimed` (claimed by the batch a hold stopped, not tried: their attempt is given back),
   * then marks held, in the same round trip, the session's queued messages that would come due before
   * the hold lifts. Nothing to write when nothing was queued since the last mark. */
  async mark(claimed: readonly number[] = []): Promise<void> {
    const held = this.current();
    const now = this.clock();
    const statements = [];
    if (claimed.length > 0) {
      statements.push(
        this.db
          .update(messages)
          .set({ status: 'queued', nextAttemptAt: null, attempts: sql`max(${messages.attempts} - 1, 0)`, updatedAt: now })
          .where(inArray(messages.id, [...claimed])),
      );
    }
    if (held && (this.unmarked || claimed.length > 0)) {
      this.unmarked = false;
      statements.push(
        this.db
          .update(messages)
          .set({ error: WAITING_PREFIX + held.reason, nextAttemptAt: held.until, updatedAt: now })
          .where(
            and(
              eq(messages.sessionId, this.sessionId),
              eq(messages.direction, 'out'),
              eq(messages.status, 'queued'),
              lt(sql`coalesce(${messages.nextAttemptAt}, 0)`, held.until),
            ),
          ),
      );
    }
    const [first, ...rest] = statements;
    if (first) await this.db.batch([first, ...rest]);
  }
}
