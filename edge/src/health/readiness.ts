import { gt, sql } from 'drizzle-orm';
import { hostLeases } from '../../../shared/src/db/schema.js';
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
    settle(anyHostLive(deps), 'no live session host'),
  ]);
  return { database, storage, host };
}

/** A host is live when it renewed a lease within its TTL (hosts heartbeat every third of it), or,
 * when no session is leased (a new install, or every session deleted), when SESSION_HOST_URL
 * answers its /health. */
async function anyHostLive(deps: Deps): Promise<void> {
  const leased = await deps.db
    .select({ hostId: hostLeases.hostId })
    .from(hostLeases)
    .where(gt(hostLeases.expiresAt, deps.clock()))
    .limit(1)
    .catch(() => []);
  if (leased.length > 0) return;
  const res = await fetch(new URL('/health', deps.config.sessionHostUrl), { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`host health ${res.status}`);
}

async function settle(work: Promise<unknown>, failure: string): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      work.then(
        () => 'ok',
        () => failure,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
