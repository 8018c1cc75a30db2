/** How many of a host's sockets may be connecting at once (Noise handshake, login, Baileys' first
 * queries). After a restart a thousand sessions connect together; unbounded, every handshake
 * competes for the same CPU, logins outlast their timeouts, close, retry, and almost none finish.
 * A slot is held from the socket's creation until it opens, closes or shows a QR. */
export class ConnectGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Resolves with a release function once a slot is free; calling it more than once is harmless. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next in line.
      if (next) next();
      else this.active--;
    };
  }
}
