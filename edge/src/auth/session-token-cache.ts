/** A session token this isolate recently found valid for a CONNECTED session. */
export interface RememberedToken {
  sessionId: string;
  defaultCountry: string | null;
}

/**
 * Session tokens recently read from the database for a CONNECTED session, so that a write which
 * checks the token again inside its own batch (POST /messages: see messages/enqueue.ts) needs no
 * read of its own. Reading the token was half of the accept path's database work: one of its two
 * round trips. Nothing else trusts this cache: every other route reads the token as before.
 * Plain data (never a promise), so nothing is shared across requests' I/O; bounded in time and
 * count, so a revoked token is at most parsed-then-refused for `ttlMs`.
 */
export class SessionTokenCache {
  private readonly entries = new Map<string, RememberedToken & { until: number }>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly capacity = 10_000,
  ) {}

  recall(tokenHash: string, now: number): RememberedToken | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until > now) return entry;
    this.entries.delete(tokenHash);
    return undefined;
  }

  remember(tokenHash: string, token: RememberedToken, now: number): void {
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, { ...token, until: now + this.ttlMs });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }
}
