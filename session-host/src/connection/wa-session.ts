import { Boom } from '@hapi/boom';
import { DisconnectReason, type BaileysEventMap, type BinaryNode, type WASocket } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { StoredAuthState } from '../auth-state/libsql-auth-state.js';
import { IncomingOrder } from '../events/incoming-order.js';
import type { SessionStatusWriter } from '../sessions/session-status-writer.js';
import type { HostMetrics } from '../metrics/host-metrics.js';
import { classifyClose, closeReasonName } from './close-reason.js';
import { ConnectionWatchdog, type WatchdogSettings } from './connection-watchdog.js';
import type { SocketFactory } from './socket-factory.js';

const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

export interface SessionHooks {
  onOpen(): void;
  onMessagesUpsert(event: BaileysEventMap['messages.upsert']): Promise<void>;
  onMessagesUpdate(event: BaileysEventMap['messages.update']): Promise<void>;
  /** A dead connection was closed with these sends written to it and never acknowledged. */
  onUnacked(ids: string[]): Promise<void>;
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
  /** Sends the watchdog found unacknowledged on the socket it closed, for the close handler. */
  private unacked: string[] = [];

  constructor(
    readonly sessionId: string,
    private readonly auth: StoredAuthState,
    private readonly status: SessionStatusWriter,
    private readonly socketFactory: SocketFactory,
    private readonly hooks: SessionHooks,
    private readonly logger: Logger,
    private readonly watchdogSettings: WatchdogSettings = { pingIntervalMs: 0, ackTimeoutMs: 0 },
    private readonly metrics?: HostMetrics,
  ) {}

  get connected(): boolean {
    return this.open && this.sock !== undefined;
  }

  get socket(): WASocket {
    if (!this.sock || !this.open) throw new Error(`session ${this.sessionId} is not connected`);
    return this.sock;
  }

  /** The socket while it exists, connected or not (pairing codes are asked before login). */
  get rawSocket(): WASocket | undefined {
    return this.sock;
  }

  async start(): Promise<void> {
    await this.status.set(this.sessionId, 'STARTING', 'Connecting to WhatsApp.');
    this.connect();
  }

  async stop(options: { logout: boolean }): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const sock = this.sock;
    this.sock = undefined;
    this.open = false;
    if (!sock) return;
    if (options.logout && this.auth.creds.registered) await sock.logout().catch(() => undefined);
    else sock.end(undefined);
  }

  private connect(): void {
    if (this.stopped) return;
    const sock = this.socketFactory({ creds: this.auth.creds, keys: this.auth.keys }, this.logger);
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
    // Baileys can finish a contact's messages out of the order they came in (see IncomingOrder).
    const order = new IncomingOrder((event) => this.enqueue(() => this.hooks.onMessagesUpsert(event)));
    sock.ws.on('CB:message', (node: BinaryNode) => order.arrived(node));
    sock.ev.on('messages.upsert', (event) => order.upserted(event));
    sock.ev.on('connection.update', (update) => {
      if (update.connection === 'close') order.close();
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
    await this.status.set(this.sessionId, 'CONNECTED', detail, null, user ? { jid: user.id, name } : undefined);
  }

  private async onConnectionUpdate(sock: WASocket, update: BaileysEventMap['connection.update']): Promise<void> {
    if (sock !== this.sock) return;
    if (update.qr) {
      await this.status.set(this.sessionId, 'QR', 'Scan the QR code with WhatsApp on your phone (Linked devices).', update.qr);
    }
    if (update.connection === 'open') {
      this.open = true;
      this.attempt = 0;
      this.watchdog = new ConnectionWatchdog(sock, this.watchdogSettings, ({ reason, unackedIds }) => {
        this.logger.warn({ sessionId: this.sessionId, reason, unacked: unackedIds.length }, 'connection unresponsive; reconnecting');
        this.unacked = unackedIds;
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
      this.watchdog = undefined;
      const unacked = this.unacked.splice(0);
      if (unacked.length > 0) await this.hooks.onUnacked(unacked);
      if (this.stopped) return;
      const error = update.lastDisconnect?.error as { output?: { statusCode?: number }; message?: string } | undefined;
      const action = classifyClose(error?.output?.statusCode, error?.message);
      this.logger.info({ sessionId: this.sessionId, statusCode: error?.output?.statusCode, action: action.kind }, 'connection closed');
      if (action.kind === 'restart' || action.kind === 'reconnect') this.metrics?.reconnects.inc({ reason: closeReasonName(error?.output?.statusCode) });
      if (action.kind === 'restart') return this.connect();
      if (action.kind === 'logged-out') {
        this.stopped = true;
        await this.auth.clear();
        return this.status.set(this.sessionId, 'LOGGED_OUT', action.detail);
      }
      if (action.kind === 'stop') {
        this.stopped = true;
        return this.status.set(this.sessionId, 'DISCONNECTED', action.detail);
      }
      const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)]!;
      await this.status.set(this.sessionId, 'DISCONNECTED', `${action.detail} Reconnecting in ${Math.round(delay / 1000)} s.`);
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    }
  }
}
