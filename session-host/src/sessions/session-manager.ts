import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { GroupCommand } from '../../../shared/src/api/groups.js';
import { sessions } from '../../../shared/src/db/schema.js';
import type { PresenceCommand, ReadCommand } from '../../../shared/src/api/chats.js';
import type { HostDb } from '../db/client.js';
import { splitSessions } from '../../../shared/src/hosts/host-loads.js';
import type { HostRegistry } from '../leases/host-registry.js';
import type { LeaseFence } from '../leases/lease-fence.js';
import type { SessionLease } from '../leases/session-lease.js';
import type { HostMetrics } from '../metrics/host-metrics.js';
import type { SessionStatusWriter } from './session-status-writer.js';

/** What runs a session once this host owns it (the WhatsApp socket). The commands are optional:
 * a host without a WhatsApp client cannot carry them out. */
export interface SessionDriver {
  /** `fence`: whether this host still holds the session's lease; the driver sends and writes only while it does. */
  start(sessionId: string, fence: LeaseFence): Promise<void>;
  stop(sessionId: string, options: { logout: boolean }): Promise<void>;
  /** New messages are queued: send them now instead of at the next poll. */
  kick?(sessionId: string): void;
  requestPairingCode?(sessionId: string, phoneNumber: string): Promise<string>;
  revoke?(sessionId: string, remoteJid: string, messageId: string): Promise<void>;
  /** Group management (shared/src/api/groups.ts GroupCommand); answers the API's success body. */
  groups?(sessionId: string, command: GroupCommand): Promise<Record<string, unknown>>;
  readMessages?(sessionId: string, keys: ReadCommand['keys']): Promise<void>;
  sendPresence?(sessionId: string, command: PresenceCommand): Promise<void>;
  /** Which of these numbers (digits) are on WhatsApp, with their LIDs. */
  checkContacts?(sessionId: string, numbers: string[]): Promise<unknown[]>;
  /** The send governor: its state, an operator's resume, or new settings to read. */
  governor?(sessionId: string, action: GovernorAction): Promise<Record<string, unknown>>;
  /** The session's AI reply settings changed. */
  reloadAi?(sessionId: string): Promise<void>;
  /** The session's auto-reply rules changed: read them again. */
  reloadAutoReplies?(sessionId: string): Promise<void>;
}

export type GovernorAction = 'view' | 'resume' | 'reload';

/** A command the session cannot carry out now; `status` is what the edge should answer. */
export class SessionCommandError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 502 | 503,
    message: string,
  ) {
    super(message);
  }
}

/** Sessions started at once by a heartbeat (a restart resumes all of a host's sessions in one). */
const START_CONCURRENCY = 16;
/** Sessions handed off at once when the host stops. */
const STOP_CONCURRENCY = 32;

async function eachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** The sessions this host owns: claims leases, starts and stops them, keeps leases alive, takes
 * its share of unowned sessions (its own share only, see splitSessions), and hands every session
 * to other hosts while it drains. */
export class SessionManager {
  private readonly owned = new Set<string>();
  /** Starts under way: a stop waits for one, or the socket it opens would outlive its lease. */
  private readonly starting = new Map<string, Promise<void>>();
  /** Stopped here, lease not yet released: the heartbeat must not resume them meanwhile. */
  private readonly releasing = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  private draining = false;
  private handingOff: Promise<void> | undefined;
  /** Sessions being started by the heartbeat (see startHeartbeat). */
  private placing: Promise<void> | undefined;
  /** When this host first saw each unowned session that was not its share. */
  private readonly unclaimedSince = new Map<string, number>();

  constructor(
    private readonly db: HostDb,
    private readonly lease: SessionLease,
    private readonly registry: HostRegistry,
    private readonly driver: SessionDriver,
    private readonly status: SessionStatusWriter,
    private readonly logger: Logger,
    private readonly metrics?: HostMetrics,
    /** An unowned session left this long by the host it was split to is taken by any host. */
    private readonly overdueMs = 30_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get ownedSessions(): ReadonlySet<string> {
    return this.owned;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** The driver, for a command on a session this host owns. */
  driverFor(sessionId: string): SessionDriver {
    if (!this.owned.has(sessionId)) throw new SessionCommandError(409, `Session ${sessionId} is not owned by this host.`);
    return this.driver;
  }

  /** Starts the session here if this host can own it. Returns false when another host owns it,
   * or this one is draining. `log`: the calling request's logger (with its request id). */
  async start(sessionId: string, log: Logger = this.logger): Promise<boolean> {
    if (this.closed || this.draining || this.releasing.has(sessionId)) return false;
    const [row] = await this.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId));
    if (!row) return false;
    if (!(await this.lease.claim(sessionId))) return false;
    if (this.owned.has(sessionId)) return true;
    this.owned.add(sessionId);
    log.info({ sessionId }, 'session claimed');
    const started = this.driver.start(sessionId, this.lease.fence(sessionId));
    this.starting.set(sessionId, started);
    try {
      await started;
    } finally {
      this.starting.delete(sessionId);
    }
    return true;
  }

  async stop(sessionId: string, options: { logout: boolean }, log: Logger = this.logger): Promise<void> {
    if (!this.owned.delete(sessionId)) return;
    this.releasing.add(sessionId);
    try {
      await this.starting.get(sessionId)?.catch(() => undefined);
      await this.driver.stop(sessionId, options);
      await this.lease.release(sessionId);
    } finally {
      this.releasing.delete(sessionId);
    }
    log.info({ sessionId, logout: options.logout }, 'session stopped');
  }

  /** Stops taking sessions and hands each one it holds to the other hosts; resolves when all are
   * handed off. Also started by the heartbeat when the drain flag is found set (after a restart). */
  drain(): Promise<void> {
    this.draining = true;
    this.handingOff ??= this.handOffAll().finally(() => {
      this.handingOff = undefined;
    });
    return this.handingOff;
  }

  private async handOffAll(): Promise<void> {
    while (this.owned.size > 0 && !this.closed) {
      // No status is written: the next host reports its own as it connects, and meanwhile the API
      // keeps accepting sends into the queue, which the next host drains.
      await this.handOff([...this.owned][0]!);
    }
  }

  /** Sends in flight finish, the socket closes, statuses and auth state are written, then the lease
   * goes: only then may another host resume the session, from the same credentials (no QR). */
  private async handOff(sessionId: string, detail?: string): Promise<void> {
    this.owned.delete(sessionId);
    this.releasing.add(sessionId);
    try {
      await this.starting.get(sessionId)?.catch(() => undefined);
      await this.driver.stop(sessionId, { logout: false }).catch((err) => this.logger.error({ sessionId, err }, 'stopping the session failed'));
      // Said before the lease is released, so it cannot overwrite what the next owner reports.
      if (detail) await this.status.set(sessionId, 'DISCONNECTED', detail).catch(() => undefined);
      await this.lease.release(sessionId).catch((err) => this.logger.error({ sessionId, err }, 'releasing the lease failed'));
      this.logger.info({ sessionId }, 'session handed off');
    } finally {
      this.releasing.delete(sessionId);
    }
  }

  /** Announces the host, renews leases, drops sessions lost to another host or deleted, resumes
   * its own, and claims its share of unowned sessions; while draining, hands sessions off instead. */
  async tick(): Promise<void> {
    const stillOwned = await this.beat();
    if (stillOwned) await this.place(stillOwned);
  }

  /** Renews the leases and announces the host; answers the leases it still holds, or nothing while
   * draining. Never waits for session starts: a thousand starting after a restart take minutes, and
   * a lease not renewed meanwhile would expire under sessions that are running fine. */
  private async beat(): Promise<Set<string> | undefined> {
    // Only sessions owned before the renewal can have lost their lease: one claimed while it ran
    // (a placement runs beside the heartbeat) is not in its answer.
    const ownedBefore = [...this.owned];
    // Leases first: a failed announcement must not cost a renewal (the sessions would be taken over).
    const stillOwned = await this.lease.renewAll();
    const { draining } = await this.registry.heartbeat();
    if (draining !== this.draining) this.logger.info({ draining }, draining ? 'draining: handing every session to other hosts' : 'taking sessions again');
    this.draining = draining;
    for (const sessionId of ownedBefore) {
      if (this.owned.has(sessionId) && !stillOwned.has(sessionId)) {
        this.logger.warn({ sessionId }, 'lease lost; stopping the local socket');
        this.metrics?.leasesLost.inc();
        this.owned.delete(sessionId);
        await this.starting.get(sessionId)?.catch(() => undefined);
        await this.driver.stop(sessionId, { logout: false });
      }
    }
    if (!draining) return stillOwned;
    // Leases under this id that nothing here runs (a restart while draining): let them go too.
    for (const sessionId of stillOwned) if (!this.owned.has(sessionId) && !this.releasing.has(sessionId)) await this.lease.release(sessionId);
    void this.drain();
    return undefined;
  }

  /** Starts this host's own leftover leases and its share of unowned sessions. */
  private async place(stillOwned: Set<string>): Promise<void> {
    // Leases under this host's id that it is not running: it restarted (even after kill -9)
    // before they expired. They are its own; start them now instead of waiting for expiry.
    // Several at a time: a host restarting with a thousand sessions would otherwise wait for each
    // one's database reads in turn before the next could start connecting.
    const resume = [...stillOwned].filter((sessionId) => !this.owned.has(sessionId));
    await eachConcurrently(resume, START_CONCURRENCY, (sessionId) =>
      this.start(sessionId).then(
        () => undefined,
        (err) => this.logger.error({ sessionId, err }, 'could not resume own session'),
      ),
    );
    await this.claimShare();
  }

  /** The unowned sessions split over the live hosts that take sessions; this host starts its part,
   * and any session the host it went to has left unclaimed too long. */
  private async claimShare(): Promise<void> {
    const orphans = await this.lease.orphans();
    const now = this.clock();
    const unowned = new Set(orphans.map((orphan) => orphan.sessionId));
    for (const sessionId of this.unclaimedSince.keys()) if (!unowned.has(sessionId)) this.unclaimedSince.delete(sessionId);
    if (orphans.length === 0) return;
    const split = splitSessions(await this.registry.loads(), [...unowned]);
    this.logger.debug({ unowned: [...unowned], split: Object.fromEntries(split) }, 'unowned sessions split');
    const mine = orphans.filter(({ sessionId }) => {
      const since = this.unclaimedSince.get(sessionId) ?? now;
      this.unclaimedSince.set(sessionId, since);
      if (split.get(sessionId) !== this.lease.holder && now - since < this.overdueMs) return false;
      this.unclaimedSince.delete(sessionId);
      return true;
    });
    await eachConcurrently(mine, START_CONCURRENCY, async ({ sessionId, fromDeadHost }) => {
      const started = await this.start(sessionId).catch((err) => this.logger.error({ sessionId, err }, 'could not take over session'));
      if (started && fromDeadHost) this.metrics?.leaseTakeovers.inc();
    });
  }

  /** Renews leases every `intervalMs`; sessions are started beside it, one placement at a time, so
   * a long one (a restart resuming a thousand sessions) never holds up a renewal. */
  startHeartbeat(intervalMs: number): void {
    const beat = () =>
      this.beat()
        .then((stillOwned) => {
          if (stillOwned && !this.placing && !this.closed) {
            this.placing = this.place(stillOwned)
              .catch((err) => this.logger.error({ err }, 'placing sessions failed'))
              .finally(() => {
                this.placing = undefined;
              });
          }
        })
        .catch((err) => this.logger.error({ err }, 'heartbeat failed'))
        .finally(() => {
          if (!this.closed) this.heartbeat = setTimeout(beat, intervalMs);
        });
    this.heartbeat = setTimeout(beat, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.heartbeat);
    await this.placing;
    await this.handingOff;
    await this.registry.leave().catch(() => undefined);
    // Several at a time: one by one, a thousand sessions' handoffs outlast a deploy's stop timeout.
    await eachConcurrently([...this.owned], STOP_CONCURRENCY, (sessionId) =>
      this.handOff(sessionId, 'The session host stopped; the session reconnects when a host takes it over.'),
    );
  }
}
