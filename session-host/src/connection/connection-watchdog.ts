// Finds a connection that is open but no longer works (a "zombie"): WhatsApp keeps the socket and
// may even send frames, but answers no keep-alive ping or acknowledges no message. Baileys notices
// only total silence (nothing received for 35 s); everything else looks CONNECTED and delivers
// nothing until someone restarts it by hand.
import { proto, S_WHATSAPP_NET, type BaileysEventMap, type BinaryNode, type WASocket } from '@whiskeysockets/baileys';

export interface WatchdogSettings {
  /** How often a keep-alive ping is sent; one not answered within the same time means a zombie. 0 = off. */
  pingIntervalMs: number;
  /** A sent message with no server ack after this long means a zombie. 0 = off. */
  ackTimeoutMs: number;
}

/** Why the connection was judged dead, and the sends it swallowed (to be sent again). */
export interface Unresponsive {
  reason: string;
  unackedIds: string[];
}

export class ConnectionWatchdog {
  /** Sent message ids not yet acknowledged by the server, with when they were sent. */
  private readonly unacked = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private pinging = false;
  private stopped = false;

  constructor(
    private readonly sock: WASocket,
    private readonly settings: WatchdogSettings,
    private readonly onUnresponsive: (found: Unresponsive) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Starts watching (call when the connection opens). */
  start(): void {
    const every = [this.settings.pingIntervalMs, this.settings.ackTimeoutMs].filter((ms) => ms > 0);
    if (every.length === 0) return;
    this.sock.ev.on('messages.upsert', this.onUpsert);
    this.sock.ev.on('messages.update', this.onUpdate);
    this.sock.ws.on('CB:ack,class:message', this.onAck);
    // Checked at least twice per bound, so a zombie is found within 1.5× the bound at the latest.
    this.timer = setInterval(() => this.check(), Math.max(100, Math.min(...every) / 2));
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.sock.ev.off('messages.upsert', this.onUpsert);
    this.sock.ev.off('messages.update', this.onUpdate);
    this.sock.ws.off('CB:ack,class:message', this.onAck);
  }

  /** Our own sends show up as `append` upserts, pending until the server's ack. */
  private readonly onUpsert = (event: BaileysEventMap['messages.upsert']): void => {
    if (event.type !== 'append') return;
    for (const m of event.messages) {
      if (m.key.fromMe && m.key.id && (m.status ?? proto.WebMessageInfo.Status.PENDING) <= proto.WebMessageInfo.Status.PENDING) {
        this.unacked.set(m.key.id, this.clock());
      }
    }
  };

  private readonly onUpdate = (updates: BaileysEventMap['messages.update']): void => {
    for (const { key, update } of updates) {
      if (key.id && (update.status ?? 0) >= proto.WebMessageInfo.Status.SERVER_ACK) this.unacked.delete(key.id);
    }
  };

  private readonly onAck = (node: BinaryNode): void => {
    if (node.attrs.id) this.unacked.delete(node.attrs.id);
  };

  private check(): void {
    if (this.stopped) return;
    const { ackTimeoutMs, pingIntervalMs } = this.settings;
    if (ackTimeoutMs > 0) {
      const oldest = Math.min(...this.unacked.values());
      if (this.clock() - oldest >= ackTimeoutMs) {
        this.give(`${this.unacked.size} sent message(s) not acknowledged by WhatsApp for ${Math.round(ackTimeoutMs / 1000)} s`);
        return;
      }
    }
    if (pingIntervalMs > 0 && !this.pinging) void this.ping(pingIntervalMs);
  }

  private async ping(timeoutMs: number): Promise<void> {
    this.pinging = true;
    try {
      await this.sock.query({ tag: 'iq', attrs: { to: S_WHATSAPP_NET, type: 'get', xmlns: 'w:p' }, content: [{ tag: 'ping', attrs: {} }] }, timeoutMs);
      // Keep the ping's own rhythm: the next one no sooner than an interval after this one.
      await new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
    } catch {
      if (!this.stopped && this.sock.ws.isOpen) this.give(`keep-alive ping unanswered for ${Math.round(timeoutMs / 1000)} s`);
    } finally {
      this.pinging = false;
    }
  }

  private give(reason: string): void {
    if (this.stopped) return;
    this.stop();
    this.onUnresponsive({ reason, unackedIds: [...this.unacked.keys()] });
  }
}
