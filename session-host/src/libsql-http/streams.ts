/**
 * Hrana streams: batons, idle expiry and ownership of the single connection.
 *
 * Every pipeline request runs while its stream holds the connection lock. If the connection is
 * still inside a transaction when the request ends, the stream keeps the lock, so no other
 * stream's statement can interleave with that transaction; it is released when the transaction
 * ends (COMMIT/ROLLBACK), the stream is closed, or the stream idles out (transaction rolled back).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Connection } from './connection.js';
import { LockClosedError, Mutex } from './mutex.js';

export interface Stream {
  readonly id: number;
  /** The only baton currently accepted for this stream. */
  baton: string | null;
  /** SQL texts registered with store_sql. */
  readonly sqls: Map<number, string>;
  ownsLock: boolean;
  busy: boolean;
  closed: boolean;
  timer: NodeJS.Timeout | undefined;
}

export interface StreamManagerOptions {
  idleMs: number;
  logger?: Logger;
}

export class StreamManager {
  private readonly byBaton = new Map<string, Stream>();
  private readonly all = new Set<Stream>();
  private nextId = 1;
  readonly lock = new Mutex();

  constructor(
    private readonly conn: Connection,
    private readonly opts: StreamManagerOptions,
  ) {}

  get size(): number {
    return this.all.size;
  }

  /** A new stream for a request with `baton: null`. */
  open(): Stream {
    const s: Stream = {
      id: this.nextId++,
      baton: null,
      sqls: new Map(),
      ownsLock: false,
      busy: true,
      closed: false,
      timer: undefined,
    };
    this.all.add(s);
    return s;
  }

  /**
   * Claim the stream a baton points at. The baton is single-use: it is invalidated here, and a
   * fresh one is issued by `finish()`. Returns undefined for unknown/expired/reused batons.
   */
  claim(baton: string): Stream | undefined {
    const s = this.byBaton.get(baton);
    if (!s || s.busy || s.closed) return undefined;
    this.byBaton.delete(baton);
    s.baton = null;
    s.busy = true;
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    return s;
  }

  /** Wait until the stream owns the connection. */
  async acquire(s: Stream, signal?: AbortSignal): Promise<void> {
    if (s.ownsLock) return;
    await this.lock.acquire(signal);
    if (s.closed) {
      // Dropped (server closing) between the hand-over and this continuation.
      this.lock.release();
      throw new LockClosedError('stream closed while waiting for the connection');
    }
    s.ownsLock = true;
  }

  /**
   * End of a pipeline request: give the connection back unless a transaction is open, then issue
   * a new baton (or drop the stream if it was closed). Returns the baton for the response.
   */
  finish(s: Stream): string | null {
    s.busy = false;
    if (s.closed) {
      this.drop(s);
      return null;
    }
    if (s.ownsLock && !this.conn.inTransaction) this.releaseLock(s);
    const baton = `${s.id}.${randomBytes(18).toString('base64url')}`;
    s.baton = baton;
    this.byBaton.set(baton, s);
    s.timer = setTimeout(() => this.expire(s), this.opts.idleMs);
    s.timer.unref();
    return baton;
  }

  /** The request never ran (client went away while queued, server closing...): forget the stream. */
  abandon(s: Stream): void {
    s.busy = false;
    this.drop(s);
  }

  /** Close every stream (server shutdown). Open transactions are rolled back. */
  closeAll(): void {
    this.lock.close();
    for (const s of [...this.all]) this.drop(s);
  }

  private expire(s: Stream): void {
    s.timer = undefined;
    if (s.busy || s.closed || !this.all.has(s)) return;
    this.opts.logger?.debug({ stream: s.id, inTransaction: s.ownsLock }, 'libsql-http: stream expired');
    this.drop(s);
  }

  /** Remove a stream; if it owns the connection, roll back and hand the lock on. */
  private drop(s: Stream): void {
    s.closed = true;
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    if (s.baton !== null) this.byBaton.delete(s.baton);
    s.baton = null;
    s.sqls.clear();
    this.all.delete(s);
    if (s.ownsLock) {
      if (this.conn.inTransaction) {
        this.opts.logger?.debug({ stream: s.id }, 'libsql-http: rolling back transaction of closed stream');
      }
      this.conn.rollback();
      this.releaseLock(s);
    }
  }

  private releaseLock(s: Stream): void {
    s.ownsLock = false;
    this.lock.release();
  }
}
