import { sql } from 'drizzle-orm';
import { sessionHosts } from '../../../shared/src/db/schema.js';
import type { Deps } from '../deps.js';

/** No check may hold a probe longer than this: a load balancer's own timeout is usually a few seconds. */
const CHECK_TIMEOUT_MS = 3_000;

export const READY_CHECKS = ['database', 'storage', 'host'] as const;
export type ReadyCheck = (typeof READY_CHECKS)[number];
/** `ok`, or why not, in words that name no address, key or internal error. */
export type CheckResults = Record<ReadyCheck, string>;

/** Runs every check at once; each answers `ok` or a short reason. */
export async function checkReadiness(deps: Deps): Promise<CheckResults> {
  const [database, storage, host] = await Promise.all([
    settle(deps.db.run(sql`select 1`), 'unreachable'),
    settle(deps.media.reachable(), 'unreachable'),
    settle(hostVerdict(deps), 'unreachable'),
  ]);
  return { database, storage, host };
}

/** Judged by the hosts' own registry (`session_hosts`, renewed by each host's heartbeat), not by
 * session leases: a live host with no session yet is ready, and a host that stopped heartbeating is
 * not, whatever its leases say. One that is draining takes no session, so it alone is not enough. */
async function hostVerdict(deps: Deps): Promise<void> {
  const hosts = await deps.db
    .select({ hostId: sessionHosts.hostId, heartbeatAt: sessionHosts.heartbeatAt, expiresAt: sessionHosts.expiresAt, draining: sessionHosts.draining })
    .from(sessionHosts)
    // No table yet: no host has run the migrations, so none has heartbeated (an unreachable database is its own check).
    .catch(() => []);
  const now = deps.clock();
  const live = hosts.filter((host) => host.expiresAt >= now);
  if (live.some((host) => !host.draining)) return;
  if (live.length > 0)
    throw new NotReady(`no live session host: ${live.length === 1 ? 'the only live host is' : `all ${live.length} live hosts are`} draining`);
  const last = hosts.sort((a, b) => b.heartbeatAt - a.heartbeatAt)[0];
  if (!last) throw new NotReady('no live session host: none has ever heartbeated');
  const ago = Math.max(0, Math.round((now - last.heartbeatAt) / 1000));
  throw new NotReady(`no live session host: the last heartbeat (${last.hostId}) was ${ago} s ago`);
}

/** A failed check whose message is safe to show. */
class NotReady extends Error {}

async function settle(work: Promise<unknown>, failure: string): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'ok',
        (error: unknown) => (error instanceof NotReady ? error.message : failure),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
