/**
 * One AsyncLocalStorage for every Baileys socket instead of one each.
 *
 * Baileys 7.0.0-rc14 makes a `new AsyncLocalStorage()` per socket (its key store's transactions,
 * `addTransactionCapability`). In Node 20 every enabled AsyncLocalStorage stays in a process-wide
 * list until `disable()`, which Baileys never calls, and each new promise or async resource in the
 * process walks that whole list. With N sockets ever opened (reconnects included) every promise
 * costs O(N): measured on this box, 200,000 awaits took 0.2 s with one storage, 9.4 s with 100 and
 * 142 s with 1,000. A host with a few hundred sessions spent most of its CPU there and stopped
 * logging sessions in, and the list (with what it holds) only grew.
 *
 * `withSharedAsyncStorage(create)` runs `create` (a synchronous socket factory) while the
 * `async_hooks` export is a stand-in whose instances keep their stores in one Map carried by a
 * single real AsyncLocalStorage: one entry in Node's list however many sockets exist, and a closed
 * socket's storage is garbage like the rest of it. Baileys reads the export when the socket is
 * made, so the swap is confined to that synchronous call; everything else in the process keeps
 * the real class.
 */
import asyncHooks from 'node:async_hooks';
import { syncBuiltinESMExports } from 'node:module';

const NativeAsyncLocalStorage = asyncHooks.AsyncLocalStorage;
/** Every stand-in's store in the current async context, by stand-in. */
const carrier = new NativeAsyncLocalStorage<ReadonlyMap<object, unknown>>();

/** The part of AsyncLocalStorage that Baileys uses: run and getStore. */
export class MultiplexedAsyncLocalStorage<T> {
  /** Made so far: a test checks that Baileys' socket took one. */
  static created = 0;

  constructor() {
    MultiplexedAsyncLocalStorage.created++;
  }

  getStore(): T | undefined {
    return carrier.getStore()?.get(this) as T | undefined;
  }

  run<R, A extends unknown[]>(store: T, callback: (...args: A) => R, ...args: A): R {
    return carrier.run(this.with(store), callback, ...args);
  }

  private with(store: T): Map<object, unknown> {
    return new Map(carrier.getStore()).set(this, store);
  }
}

/** Runs a synchronous socket factory with `AsyncLocalStorage` (as `async_hooks` exports it) being
 * the multiplexed stand-in, then puts the real one back. */
export function withSharedAsyncStorage<R>(create: () => R): R {
  const exports = asyncHooks as { AsyncLocalStorage: unknown };
  exports.AsyncLocalStorage = MultiplexedAsyncLocalStorage;
  syncBuiltinESMExports();
  try {
    return create();
  } finally {
    exports.AsyncLocalStorage = NativeAsyncLocalStorage;
    syncBuiltinESMExports();
  }
}
