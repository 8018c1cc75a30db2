import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { GroupCommand } from '../../../shared/src/api/groups.js';
import { sessions } from '../../../shared/src/db/schema.js';
import type { PresenceCommand, ReadCommand } from '../../../shared/src/api/chats.js';
import type { HostDb } from '../db/client.js';
import type { SessionLease } from '../leases/session-lease.js';
import type { HostMetrics } from '../metrics/host-metrics.js';
import type { SessionStatusWriter } from './session-status-writer.js';

/** What runs a session once this host owns it (the WhatsApp socket). The commands are optional:
 * a host without a WhatsApp client cannot carry them out. */
export interface SessionDriver {
  start(sessionId: string): Promise<void>;
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

async function eachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** The sessions this host owns: claims leases, starts and stops them, keeps leases alive, and
 * takes over sessions whose owner died. */
export class SessionManager {
  private readonly owned = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly db: HostDb,
    private readonly lease: SessionLease,
    private readonly driver: SessionDriver,
    private readonly status: SessionStatusWriter,
    private readonly logger: Logger,
    private readonly metrics?: HostMetrics,
  ) {}

  get ownedSessions(): ReadonlySet<string> {
    return this.owned;
  }

  /** The driver, for a command on a session this host owns. */
  driverFor(sessionId: string): SessionDriver {
    if (!this.owned.has(sessionId)) throw new SessionCommandError(409, `Session ${sessionId} is not owned by this host.`);
    return this.driver;
  }

  /** Starts the session here if this host can own it. Returns false when another host owns it.
   * `log`: the calling request's logger (with its request id), when an API call asked for it. */
  async start(sessionId: string, log: Logger = this.logger): Promise<boolean> {
    const [row] = await this.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId));
    if (!row) return false;
    if (!(await this.lease.claim(sessionId))) return false;
    if (this.owned.has(sessionId)) return true;
    this.owned.add(sessionId);
    log.info({ sessionId }, 'session claimed');
    await this.driver.start(sessionId);
    return true;
  }

  async stop(sessionId: string, options: { logout: boolean }, log: Logger = this.logger): Promise<void> {
    if (!this.owned.delete(sessionId)) return;
    await this.driver.stop(sessionId, options);
    await this.lease.release(sessionId);
    log.info({ sessionId, logout: options.logout }, 'session stopped');
  }

  /** Renews leases, drops sessions lost to another host or deleted, resumes its own, and adopts orphans. */
  async tick(): Promise<void> {
    const stillOwned = await this.lease.renewAll();
    for (const sessionId of [...this.owned]) {
      if (!stillOwned.has(sessionId)) {
        this.logger.warn({ sessionId }, 'lease lost; stopping the local socket');
        this.owned.delete(sessionId);
        await this.driver.stop(sessionId, { logout: false });
      }
    }
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
    await eachConcurrently(await this.lease.orphans(), START_CONCURRENCY, async ({ sessionId, fromDeadHost }) => {
      const started = await this.start(sessionId).catch((err) => this.logger.error({ sessionId, err }, 'could not take over session'));
      if (started && fromDeadHost) this.metrics?.leaseTakeovers.inc();
    });
  }

  startHeartbeat(intervalMs: number): void {
    const beat = () =>
      this.tick()
        .catch((err) => this.logger.error({ err }, 'heartbeat failed'))
        .finally(() => {
          if (!this.closed) this.heartbeat = setTimeout(beat, intervalMs);
        });
    this.heartbeat = setTimeout(beat, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.heartbeat);
    for (const sessionId of [...this.owned]) {
      this.owned.delete(sessionId);
      await this.driver.stop(sessionId, { logout: false }).catch(() => undefined);
      // Said before the lease is released, so it cannot overwrite what the next owner reports.
      await this.status.set(sessionId, 'DISCONNECTED', 'The session host stopped; the session reconnects when a host takes it over.').catch(() => undefined);
      await this.lease.release(sessionId).catch(() => undefined);
    }
  }
}
