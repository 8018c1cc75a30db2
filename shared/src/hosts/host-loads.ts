// Which session hosts are there and how loaded each is: read the same way by the edge (to place a
// new session, to list hosts) and by the hosts (to split unowned sessions between them).
import { sql } from 'drizzle-orm';
import type { AnyLibsqlDb } from '../db/any-db.js';

export interface HostLoad {
  hostId: string;
  url: string;
  /** Heartbeating: its row has not expired. */
  live: boolean;
  draining: boolean;
  /** Sessions it holds a live lease on. */
  sessions: number;
  eventLoopLagMs: number;
  heartbeatAt: number;
}

/** Every host that has heartbeated, with the sessions it holds now; one statement. */
export async function readHostLoads(db: AnyLibsqlDb, now: number): Promise<HostLoad[]> {
  const rows = await db.all<Record<string, unknown>>(sql`select h.host_id, h.host_url, h.expires_at, h.draining, h.event_loop_lag_ms, h.heartbeat_at,
      (select count(*) from host_leases l where l.host_id = h.host_id and l.expires_at >= ${now}) as held
    from session_hosts h order by h.host_id`);
  return rows.map((row) => ({
    hostId: String(row.host_id),
    url: String(row.host_url),
    live: Number(row.expires_at) >= now,
    draining: Number(row.draining) === 1,
    sessions: Number(row.held),
    eventLoopLagMs: Number(row.event_loop_lag_ms),
    heartbeatAt: Number(row.heartbeat_at),
  }));
}

/** Hosts that may take a session: live and not draining. */
export function placeable(hosts: readonly HostLoad[]): HostLoad[] {
  return hosts.filter((host) => host.live && !host.draining);
}

/** Fewest sessions first, a tie to the lower id: every reader of the same rows picks the same
 * host. (The event-loop lag is shown, not weighed: it moves between two reads, and two hosts
 * disagreeing on a split would each leave the session to the other.) */
function lighter(a: { sessions: number; hostId: string }, b: typeof a): number {
  return a.sessions - b.sessions || a.hostId.localeCompare(b.hostId);
}

/** The host a new or resumed session should go to, or undefined when none may take it. */
export function leastLoaded(hosts: readonly HostLoad[]): HostLoad | undefined {
  return [...placeable(hosts)].sort(lighter)[0];
}

/** Splits unowned sessions over the placeable hosts, each to the least loaded as the split goes
 * on. Every host computes the same split from the same rows and claims only its own share, so
 * hosts starting together do not all grab everything; the lease claim settles any overlap. */
export function splitSessions(hosts: readonly HostLoad[], sessionIds: readonly string[]): Map<string, string> {
  const counts = placeable(hosts).map((host) => ({ ...host }));
  const assigned = new Map<string, string>();
  if (counts.length === 0) return assigned;
  for (const sessionId of [...sessionIds].sort()) {
    const host = counts.sort(lighter)[0]!;
    assigned.set(sessionId, host.hostId);
    host.sessions += 1;
  }
  return assigned;
}
