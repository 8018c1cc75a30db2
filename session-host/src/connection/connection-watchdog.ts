// Finds a connection that is open but no longer works (a "zombie"): WhatsApp keeps the socket and
// may even send frames, but answers no keep-alive ping or acknowledges no message. Baileys notices
// only total silence (nothing received for 35 s); everything else looks CONNECTED and delivers
// nothing until someone restarts it by hand.
// It also keeps, for every close, the sends the server never acknowledged: the send queue tells it of
// each send before writing it, so a close that lands while a send is in flight still sees that send.
import { proto, S_WHATSAPP_NET, type BaileysEventMap, type BinaryNode, type WASocket } from '@whiskeysockets/baileys';

export interface WatchdogSettings {
  /** How often a keep-alive ping is sent; one not answered within the same time means a zombie. 0 = off. */
  pingIntervalMs: number;
  /** A sent message with no server ack after this long means a zombie. 0 = off. */
  ackTimeoutMs: number;
}

/** Why the connection was judged dead, and how many sends it swallowed. */
export interface Unresponsive {
  reason: string;
  unacked: number;
}

export class ConnectionWatchdog {
  /** Message ids written (or being written) to the socket and not yet acknowledged by the server, with
   * when the write finished (undefined while the send still looks up devices, encrypts and writes). */
  private readonly unacked = new Map<string, number | undefined>();
  private timer: NodeJS.Timeout | undefined;
  private pinging = false;
  private stopped = false;

  constructor(
    private readonly sock: WASocket,
    private readonly settings: WatchdogSettings,
    private readonly onUnresponsive: (found: Unresponsive) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Starts watching (call when the connection opens). Acks are always followed; the checks only when on. */
  start(): void {
    this.sock.ev.on('messages.update', this.onUpdate);
    this.sock.ws.on('CB:ack,class:message', this.onAck);
    const every = [this.settings.pingIntervalMs, this.settings.ackTimeoutMs].filter((ms) => ms > 0);
    if (every.length === 0) return;
    // Checked at least twice per bound, so a zombie is found within 1.5× the bound at the latest.
    this.timer = setInterval(() => this.check(), Math.max(100, Math.min(...every) / 2));
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.sock.ev.off('messages.update', this.onUpdate);
    this.sock.ws.off('CB:ack,class:message', this.onAck);
  }

  /** A send is about to be written: pending until the server's ack. Told before the write, not learnt from
   * Baileys' own `append` upsert, which comes a tick after the send (or later, buffered): an ack or a
   * close can come first. */
  writing(id: string): void {
    if (!this.stopped) this.unacked.set(id, undefined);
  }

  /** The send was written: the ack bound runs from now (what came before was the client's own work). An
   * ack that came first has already cleared it. */
  written(id: string): void {
    if (this.unacked.has(id)) this.unacked.set(id, this.clock());
  }

  /** The write failed: nothing to wait for (whoever sent it tries again). */
  notWritten(id: string): void {
    this.unacked.delete(id);
  }

  /** The sends still waiting for the server's ack; on a close, those are what it may never have got. */
  unackedIds(): string[] {
    return [...this.unacked.keys()];
  }

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
      const oldest = Math.min(...[...this.unacked.values()].filter((at) => at !== undefined));
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
    this.onUnresponsive({ reason, unacked: this.unacked.size });
  }
}
