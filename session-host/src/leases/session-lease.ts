import { and, eq, sql } from 'drizzle-orm';
import { hostLeases } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { leaseConditions, type LeaseFence } from './lease-fence.js';

/** Ownership of sessions by this host: a lease row per session, renewed by heartbeat. Another
 * host may take a session only after its lease has expired. */
export class SessionLease {
  /** Until when each lease this host holds is its own, as far as it knows: the expiry it last wrote.
   * A renewal that fails, or a pause longer than the TTL, lets it run out here as in the database. */
  private readonly validUntil = new Map<string, { until: number; seq: number }>();
  /** Orders claims and renewals: a renewal drops only leases known before it began, not one claimed meanwhile. */
  private seq = 0;

  constructor(
    private readonly db: HostDb,
    readonly holder: string,
    private readonly hostUrl: string,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** True when this host now holds the lease (it was free, expired, or already ours). */
  async claim(sessionId: string): Promise<boolean> {
    const now = this.clock();
    const rows = await this.db
      .insert(hostLeases)
      .values({ sessionId, hostId: this.holder, hostUrl: this.hostUrl, expiresAt: now + this.ttlMs, heartbeatAt: now })
      .onConflictDoUpdate({
        target: hostLeases.sessionId,
        set: { hostId: this.holder, hostUrl: this.hostUrl, expiresAt: now + this.ttlMs, heartbeatAt: now },
        setWhere: sql`${hostLeases.expiresAt} < ${now} or ${hostLeases.hostId} = ${this.holder}`,
      })
      .returning({ sessionId: hostLeases.sessionId });
    if (rows.length > 0) this.validUntil.set(sessionId, { until: now + this.ttlMs, seq: ++this.seq });
    return rows.length > 0;
  }

  /** Extends every lease this host holds; returns the sessions it still owns. */
  async renewAll(): Promise<Set<string>> {
    const now = this.clock();
    const began = ++this.seq;
    const rows = await this.db
      .update(hostLeases)
      .set({ expiresAt: now + this.ttlMs, heartbeatAt: now })
      .where(eq(hostLeases.hostId, this.holder))
      .returning({ sessionId: hostLeases.sessionId });
    const owned = new Set(rows.map((row) => row.sessionId));
    for (const [sessionId, known] of this.validUntil) if (!owned.has(sessionId) && known.seq < began) this.validUntil.delete(sessionId);
    for (const sessionId of owned) this.validUntil.set(sessionId, { until: now + this.ttlMs, seq: began });
    return owned;
  }

  /** The fence of one session's work on this host (lease-fence.ts). */
  fence(sessionId: string): LeaseFence {
    return { ...leaseConditions(sessionId, this.holder), holds: () => (this.validUntil.get(sessionId)?.until ?? 0) > this.clock() };
  }

  async release(sessionId: string): Promise<void> {
    this.validUntil.delete(sessionId);
    await this.db.delete(hostLeases).where(and(eq(hostLeases.sessionId, sessionId), eq(hostLeases.hostId, this.holder)));
  }

  /** Sessions that exist but have no live owner: candidates to take over. `fromDeadHost`: another
   * host's lease ran out (a takeover), not a session nobody held (new, or released on shutdown). */
  async orphans(): Promise<{ sessionId: string; fromDeadHost: boolean }[]> {
    const now = this.clock();
    const rows = await this.db.all<{ id: string; previous: string | null }>(
      sql`select s.id as id, l.host_id as previous from sessions s left join host_leases l on l.session_id = s.id
        where l.session_id is null or l.expires_at < ${now}`,
    );
    return rows.map((row) => ({ sessionId: row.id, fromDeadHost: row.previous != null && row.previous !== this.holder }));
  }
}
