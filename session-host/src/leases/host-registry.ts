import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { readHostLoads, type HostLoad } from '../../../shared/src/hosts/host-loads.js';
import { sessionHosts } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';

/** This host's row in `session_hosts`: renewed with its leases, so the edge and the other hosts
 * see it live, how busy it is, and whether an admin asked it to drain. */
export class HostRegistry {
  private readonly lag: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });

  constructor(
    private readonly db: HostDb,
    private readonly hostId: string,
    private readonly hostUrl: string,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.lag.enable();
  }

  /** Announces this host for another TTL; answers whether it is to drain (the flag survives a restart). */
  async heartbeat(): Promise<{ draining: boolean }> {
    const now = this.clock();
    const eventLoopLagMs = Math.round(this.lag.percentile(99) / 1e6) || 0;
    this.lag.reset();
    const live = { hostUrl: this.hostUrl, heartbeatAt: now, expiresAt: now + this.ttlMs, eventLoopLagMs };
    const [row] = await this.db
      .insert(sessionHosts)
      .values({ hostId: this.hostId, ...live })
      .onConflictDoUpdate({ target: sessionHosts.hostId, set: live })
      .returning({ draining: sessionHosts.draining });
    return { draining: row?.draining ?? false };
  }

  loads(): Promise<HostLoad[]> {
    return readHostLoads(this.db, this.clock());
  }

  /** A clean shutdown: no longer live, so nothing is placed here meanwhile. */
  async leave(): Promise<void> {
    this.lag.disable();
    await this.db
      .update(sessionHosts)
      .set({ expiresAt: sql`min(${sessionHosts.expiresAt}, ${this.clock() - 1})` })
      .where(eq(sessionHosts.hostId, this.hostId));
  }
}
