// Kept-open connections for callers of safeFetch that reach the same receivers again and again
// (webhook deliveries): a new TCP (and TLS) connection per request was most of what a delivery
// cost beyond its body. Each pool belongs to one origin at one vetted address, so a request only
// ever reuses a connection to the address its own check has just approved: a DNS answer that
// changes (rebinding) gets a pool of its own, vetted like any other.
import http from 'node:http';
import https from 'node:https';

export class PinnedConnections {
  private readonly pools = new Map<string, http.Agent>();

  /** `idleMs` stays under the usual servers' keep-alive (Node and Apache close after 5 s). */
  constructor(
    private readonly maxPools = 64,
    private readonly idleMs = 2_000,
  ) {}

  /** The pool for `url`'s origin at `address`; the least recently used pool goes past `maxPools`. */
  agentFor(url: URL, address: string): http.Agent {
    const key = `${url.origin} ${address}`;
    const known = this.pools.get(key);
    if (known) {
      this.pools.delete(key);
      this.pools.set(key, known);
      return known;
    }
    const options = { keepAlive: true, timeout: this.idleMs };
    const agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    this.pools.set(key, agent);
    for (const [oldest, pool] of this.pools) {
      if (this.pools.size <= this.maxPools) break;
      this.pools.delete(oldest);
      pool.destroy();
    }
    return agent;
  }

  close(): void {
    for (const pool of this.pools.values()) pool.destroy();
    this.pools.clear();
  }
}
