// Per-session caches of answers (WhatsApp's "is this number on WhatsApp", the database's "was this
// recipient written to before") live as long as the session runs on this host: days. Keyed by
// recipient, a plain Map grows with every number a session ever sent to. This one keeps the most
// recently set keys only; a key it forgot is asked again, which is what a restarted host does anyway.

/** A Map bounded to the `max` most recently set keys. Setting a key again makes it the newest. */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** Drops entries from the oldest on while `stale` holds for them: entries set in time order
   * expire in that order, so expired answers go without a sweep over the whole map. */
  dropOldestWhile(stale: (value: V) => boolean): void {
    for (const [key, value] of this.entries) {
      if (!stale(value)) return;
      this.entries.delete(key);
    }
  }
}
