/**
 * A FIFO async mutex. The connection is synchronous, so "holding" the lock only matters across
 * awaits: a stream with an open transaction keeps it between HTTP requests, and everyone else
 * queues here instead of spinning on SQLITE_BUSY.
 */
export class LockClosedError extends Error {}

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
}

export class Mutex {
  private held = false;
  private closed = false;
  private readonly waiters: Waiter[] = [];

  get locked(): boolean {
    return this.held;
  }

  get queueLength(): number {
    return this.waiters.length;
  }

  /** Resolves once the caller holds the lock. Rejects if `signal` aborts first or the mutex closes. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new LockClosedError('server is closing'));
    if (signal?.aborted) return Promise.reject(new LockClosedError('request aborted'));
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        waiter.reject(new LockClosedError('request aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Hand the lock to the next waiter, or free it. */
  release(): void {
    if (!this.held) throw new Error('Mutex.release() without acquire()');
    const next = this.waiters.shift();
    if (next) next.resolve();
    else this.held = false;
  }

  /** Reject every waiter and refuse new ones. */
  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new LockClosedError('server is closing'));
  }
}
