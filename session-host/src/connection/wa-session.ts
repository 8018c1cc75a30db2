import { Boom } from '@hapi/boom';
import { DisconnectReason, type BaileysEventMap, type BinaryNode, type CacheStore, type WASocket, type WAVersion } from '@whiskeysockets/baileys';
import type { IncomingMessage } from 'node:http';
import type { Agent } from 'node:https';
import type { Logger } from 'pino';
import type { SessionStatus } from '../../../shared/src/api/common.js';
import type { StoredAuthState } from '../auth-state/libsql-auth-state.js';
import { UNFENCED, type LeaseFence } from '../leases/lease-fence.js';
import { IncomingOrder } from '../events/incoming-order.js';
import type { SessionStatusWriter, StatusWriteOptions } from '../sessions/session-status-writer.js';
import { backoffDelay } from '../webhooks/backoff.js';
import { type ClientVersions, formatWaVersion } from './client-version.js';
import { classifyClose, closeReasonName, type OnReplaced } from './close-reason.js';
import type { HostMetrics } from '../metrics/host-metrics.js';
import type { ConnectGate } from './connect-gate.js';
import { ConnectionWatchdog, type WatchdogSettings } from './connection-watchdog.js';
import type { SocketFactory } from './socket-factory.js';
import { withSharedAsyncStorage } from '../whatsapp/shared-async-storage.js';

/** How a session's connection behaves; one set per host, the proxy per session. */
export interface ConnectionSettings {
  watchdog: WatchdogSettings;
  /** Reconnect delays after transient closes: doubling from baseMs up to maxMs, ±20 % jitter. */
  reconnect: { baseMs: number; maxMs: number };
  /** A 440 (this device logged in elsewhere): stop, or reconnect like any transient close. */
  onReplaced: OnReplaced;
  /** The WhatsApp Web version to announce, shared by the host's sessions. */
  versions: ClientVersions;
  /** The session's outbound proxy. */
  agent?: Agent;
  /** Bounds the host's sockets connecting at once (connect-gate.ts); none: unbounded. */
  gate?: ConnectGate;
  /** The session's stored device lists, kept across sockets and hosts (stored-device-cache.ts). */
  deviceCache?: CacheStore;
}

export interface SessionHooks {
  onOpen(): void;
  onMessagesUpsert(event: BaileysEventMap['messages.upsert']): Promise<void>;
  onMessagesUpdate(event: BaileysEventMap['messages.update']): Promise<void>;
  /** The connection closed (for any reason) with these sends written, or being written, to it and not
   * acknowledged by the server: they may never have reached WhatsApp. */
  onUnacked(ids: string[]): void;
  /** Each new socket, before it connects, for handlers of other events (identities). */
  onSocket?(sock: WASocket): void;
}

/** One WhatsApp account's connection: opens the socket, follows its lifecycle into the session
 * status, reconnects with backoff on transient closes and stops on logout. */
export class WaSession {
  private sock: WASocket | undefined;
  private stopped = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private open = false;
  private announced: string | undefined;
  /** Baileys events are handled one at a time, in order, so status never goes backwards. */
  private eventChain: Promise<void> = Promise.resolve();
  private watchdog: ConnectionWatchdog | undefined;
  /** The version the current socket announced (a 405 refuses that one). */
  private version: WAVersion | undefined;
  /** Status and cause last reported by event: a retry in the same state only updates the row. */
  private reported: string | undefined;
  /** Frees this session's connect-gate slot (once open, closed or showing a QR). */
  private releaseSlot: () => void = () => undefined;

  constructor(
    readonly sessionId: string,
    private readonly auth: StoredAuthState,
    private readonly status: SessionStatusWriter,
    private readonly socketFactory: SocketFactory,
    private readonly hooks: SessionHooks,
    private readonly logger: Logger,
    private readonly settings: ConnectionSettings,
    private readonly clock: () => number = Date.now,
    private readonly metrics?: HostMetrics,
    private readonly fence: LeaseFence = UNFENCED,
  ) {}

  /** Open, and this host still holds the session's lease: a host that lost it sends nothing more,
   * even before its heartbeat stops the socket. */
  get connected(): boolean {
    return this.open && this.sock !== undefined && this.fence.holds();
  }

  get socket(): WASocket {
    if (!this.sock || !this.open) throw new Error(`session ${this.sessionId} is not connected`);
    return this.sock;
  }

  /** The session's outbound proxy, which its media link fetches use too. */
  get agent(): Agent | undefined {
    return this.settings.agent;
  }

  /** The socket while it exists, connected or not (pairing codes are asked before login). */
  get rawSocket(): WASocket | undefined {
    return this.sock;
  }

  /** A send is about to be written to the current socket: until the server acks it, a close hands it
   * to `onUnacked`. */
  writing(messageId: string): void {
    this.watchdog?.writing(messageId);
  }

  /** That send was written; the ack bound runs from now. */
  written(messageId: string): void {
    this.watchdog?.written(messageId);
  }

  /** That send's write failed; the sender retries it itself. */
  notWritten(messageId: string): void {
    this.watchdog?.notWritten(messageId);
  }

  async start(): Promise<void> {
    await this.report('STARTING', 'Connecting to WhatsApp.');
    this.connect();
  }

  /** Closes the connection for good; returns the sends written to it that the server has not
   * acknowledged (the close they get is this one, which `onUnacked` does not hear of). */
  async stop(options: { logout: boolean }): Promise<string[]> {
    this.stopped = true;
    this.releaseSlot();
    clearTimeout(this.reconnectTimer);
    const sock = this.sock;
    this.sock = undefined;
    this.open = false;
    this.watchdog?.stop();
    const unacked = this.watchdog?.unackedIds() ?? [];
    this.watchdog = undefined;
    if (!sock) return unacked;
    if (options.logout && this.auth.creds.registered) await sock.logout().catch(() => undefined);
    else sock.end(undefined);
    return unacked;
  }

  private connect(): void {
    // A reconnect without the lease would log in over the new owner's connection (440) and fight it.
    if (!this.fence.holds()) {
      this.enqueue(() => this.scheduleReconnect("This host's lease on the session is not renewed."));
      return;
    }
    if (!this.settings.gate) {
      this.openSocket();
      return;
    }
    void this.settings.gate.acquire().then((release) => {
      this.releaseSlot = release;
      if (this.stopped) release();
      else this.openSocket();
    });
  }

  private openSocket(): void {
    if (this.stopped) return;
    this.version = this.settings.versions.current();
    const version = this.version;
    // Not one AsyncLocalStorage per socket: Node 20 would make every promise in the host pay for each.
    const sock = withSharedAsyncStorage(() =>
      this.socketFactory({ creds: this.auth.creds, keys: this.auth.keys }, this.logger, {
        version,
        agent: this.settings.agent,
        deviceCache: this.settings.deviceCache,
      }),
    );
    this.sock = sock;
    this.hooks.onSocket?.(sock);
    sock.ev.on('creds.update', (update) =>
      this.enqueue(async () => {
        await this.auth.saveCreds();
        // The account's name may arrive after login (app-state sync); the status should say it.
        if (update.me?.name && this.open && sock === this.sock) await this.announceConnected(sock);
      }),
    );
    sock.ev.on('connection.update', (update) => this.enqueue(() => this.onConnectionUpdate(sock, update)));
    // ws passes an HTTP answer instead of the upgrade (a proxy's 407, an edge's 5xx) to this event,
    // which Baileys ignores: the socket would wait forever. It is a transient close like any other.
    sock.ws.on('unexpected-response', (_req: unknown, res: IncomingMessage) =>
      sock.end(new Boom(upgradeRefusal(res, Boolean(this.settings.agent)), { statusCode: DisconnectReason.connectionLost })),
    );
    // Baileys can finish a contact's messages out of the order they came in (see IncomingOrder).
    const order = new IncomingOrder((event) => this.enqueue(() => this.hooks.onMessagesUpsert(event)));
    sock.ws.on('CB:message', (node: BinaryNode) => order.arrived(node));
    sock.ev.on('messages.upsert', (event) => order.upserted(event));
    sock.ev.on('connection.update', (update) => {
      if (update.connection !== 'close') return;
      order.close();
      failPendingQueries(sock);
    });
    sock.ev.on('messages.update', (event) => this.enqueue(() => this.hooks.onMessagesUpdate(event)));
  }

  private enqueue(work: () => Promise<void>): void {
    this.eventChain = this.eventChain.then(work).catch((err) => this.logger.error({ err, sessionId: this.sessionId }, 'session event handling failed'));
  }

  /** "Connected as <name>" as the original said it; the phone number until a name is known. */
  private async announceConnected(sock: WASocket): Promise<void> {
    const user = sock.user ?? this.auth.creds.me;
    const name = user?.name ?? user?.verifiedName ?? null;
    const number = user?.id.split(/[:@]/)[0] ?? 'unknown';
    const detail = `Connected as ${name ?? number}`;
    if (detail === this.announced) return;
    this.announced = detail;
    await this.report('CONNECTED', detail, null, { account: user ? { jid: user.id, name } : undefined });
  }

  /** Writes the status; `cause` (default: the detail) decides whether it is a new state worth a
   * `session.update`, so a detail that only moves a time along does not repeat the event. */
  private async report(status: SessionStatus, detail: string, qr: string | null = null, options: StatusWriteOptions & { cause?: string } = {}): Promise<void> {
    const state = `${status}|${options.cause ?? detail}|${qr ?? ''}`;
    const event = state !== this.reported;
    this.reported = state;
    await this.status.set(this.sessionId, status, detail, qr, { ...options, event });
  }

  private async onConnectionUpdate(sock: WASocket, update: BaileysEventMap['connection.update']): Promise<void> {
    if (sock !== this.sock) return;
    if (update.qr || update.connection === 'open' || update.connection === 'close') this.releaseSlot();
    if (update.qr) {
      await this.report('QR', 'Scan the QR code with WhatsApp on your phone (Linked devices).', update.qr);
    }
    if (update.connection === 'open') {
      this.open = true;
      this.attempt = 0;
      this.watchdog = new ConnectionWatchdog(sock, this.settings.watchdog, ({ reason, unacked }) => {
        this.logger.warn({ sessionId: this.sessionId, reason, unacked }, 'connection unresponsive; reconnecting');
        sock.end(new Boom(`unresponsive: ${reason}`, { statusCode: DisconnectReason.connectionLost }));
      });
      this.watchdog.start();
      await this.announceConnected(sock);
      this.hooks.onOpen();
    }
    if (update.connection === 'close') {
      this.open = false;
      this.announced = undefined;
      this.sock = undefined;
      this.watchdog?.stop();
      const unacked = this.watchdog?.unackedIds() ?? [];
      this.watchdog = undefined;
      if (unacked.length > 0) this.hooks.onUnacked(unacked);
      if (this.stopped) return;
      const error = update.lastDisconnect?.error as { output?: { statusCode?: number }; message?: string } | undefined;
      const action = classifyClose(error?.output?.statusCode, error?.message, this.settings.onReplaced);
      this.logger.info({ sessionId: this.sessionId, statusCode: error?.output?.statusCode, action: action.kind }, 'connection closed');
      if (action.kind === 'restart' || action.kind === 'reconnect') this.metrics?.reconnects.inc({ reason: closeReasonName(error?.output?.statusCode) });
      if (action.kind === 'restart') return this.connect();
      if (action.kind === 'logged-out') {
        this.stopped = true;
        await this.auth.clear();
        return this.report('LOGGED_OUT', action.detail);
      }
      if (action.kind === 'banned') {
        this.stopped = true;
        return this.report('BANNED', action.detail);
      }
      if (action.kind === 'stop') {
        this.stopped = true;
        return this.report('DISCONNECTED', action.detail);
      }
      if (action.kind === 'version-refused') return this.scheduleReconnect(this.versionRefused());
      return this.scheduleReconnect(action.detail);
    }
  }

  /** A 405: says which version WhatsApp refused and which one the next attempt uses. */
  private versionRefused(): string {
    const refused = formatWaVersion(this.version!);
    const { next } = this.settings.versions.refused(this.version!);
    const said = `WhatsApp refused client version ${refused} (405: this WhatsApp Web version is no longer accepted).`;
    if (next) return `${said} Trying version ${formatWaVersion(next)} instead.`;
    return `${said} No newer version is known: set WA_VERSION to the current WhatsApp Web version and restart the session host.`;
  }

  /** Transient faults are retried forever, each wait longer up to the cap, with the next attempt's
   * time in the detail; the event goes out once per cause, not per attempt. */
  private async scheduleReconnect(cause: string): Promise<void> {
    const attempt = ++this.attempt;
    const delay = backoffDelay(attempt, { baseMs: this.settings.reconnect.baseMs, maxMs: this.settings.reconnect.maxMs });
    const nextAttemptAt = new Date(this.clock() + delay).toISOString();
    const detail = `${cause} Reconnecting: attempt ${attempt} at ${nextAttemptAt} (in ${formatDelay(delay)}).`;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
    await this.report('DISCONNECTED', detail, null, { cause, eventData: { nextAttemptAt, attempt } });
  }
}

/** Baileys' end() drops the socket's 'close' listeners, which its pending queries wait on: a query in
 * flight at a close (a send's device lookup) waited out its whole timeout, holding the send queue's
 * batch, and with it the unacknowledged sends' requeue, that long after the reconnect. They also listen
 * for 'error' (as does Baileys' own end(), which ignores a second close): fail them now. */
function failPendingQueries(sock: WASocket): void {
  if (sock.ws.listenerCount('error') > 0) sock.ws.emit('error', new Boom('Connection Closed', { statusCode: DisconnectReason.connectionClosed }));
}

function upgradeRefusal(res: IncomingMessage, viaProxy: boolean): string {
  if (res.statusCode === 407) return 'the proxy refused its credentials (HTTP 407)';
  return `HTTP ${res.statusCode} ${res.statusMessage ?? ''} instead of a WebSocket${viaProxy ? ' (through the proxy)' : ''}`.replace(/ +/g, ' ');
}

function formatDelay(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
