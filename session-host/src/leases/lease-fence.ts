import { sql, type SQL } from 'drizzle-orm';

/** What a host may still do for one session once its lease may be gone. A host frozen past its TTL
 * (a pause, a stopped process, a partition from the database) wakes up believing it owns sessions
 * another host has taken over: it must neither send nor overwrite the new owner's rows. */
export interface LeaseFence {
  /** This host's lease, as it last claimed or renewed it, has not run out and was not lost. */
  holds(): boolean;
  /** A claim's condition: the lease row is this host's. */
  owned(): SQL;
  /** A write's condition: no other host holds a live lease on the session (checked in the same
   * statement, so a host that does not know yet that it lost the lease changes nothing). */
  notTaken(now: number): SQL;
}

/** The database conditions of a fence for `sessionId` held by `hostId`. */
export function leaseConditions(sessionId: string, hostId: string): Pick<LeaseFence, 'owned' | 'notTaken'> {
  return {
    owned: () => sql`exists (select 1 from host_leases fence where fence.session_id = ${sessionId} and fence.host_id = ${hostId})`,
    notTaken: (now) =>
      sql`not exists (select 1 from host_leases fence where fence.session_id = ${sessionId} and fence.host_id <> ${hostId} and fence.expires_at >= ${now})`,
  };
}

/** No fence: a single process that owns every session it runs (tests of one part). */
export const UNFENCED: LeaseFence = { holds: () => true, owned: () => sql`1`, notTaken: () => sql`1` };
