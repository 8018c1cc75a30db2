import { AsyncLocalStorage } from 'node:async_hooks';
import makeWASocket, { addTransactionCapability, initAuthCreds, type SignalDataTypeMap, type SignalKeyStore } from '@whiskeysockets/baileys';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MultiplexedAsyncLocalStorage, withSharedAsyncStorage } from './shared-async-storage.js';

const logger = pino({ level: 'silent' });

/** A key store in memory that records what each commit wrote. */
function memoryKeys() {
  const data: Record<string, Record<string, unknown>> = {};
  const commits: Record<string, Record<string, unknown>>[] = [];
  const store: SignalKeyStore = {
    async get(type, ids) {
      return Object.fromEntries(ids.filter((id) => data[type]?.[id] !== undefined).map((id) => [id, data[type]![id]])) as never;
    },
    async set(mutations) {
      commits.push(mutations as never);
      for (const [type, values] of Object.entries(mutations)) data[type] = { ...data[type], ...values };
    },
  };
  return { store, commits };
}

const session = (id: string) => ({ session: { [id]: Buffer.from(id) } }) as Partial<{ [T in keyof SignalDataTypeMap]: Record<string, SignalDataTypeMap[T]> }>;

describe('withSharedAsyncStorage', () => {
  it("gives Baileys' socket the shared storage, and puts the real class back afterwards", () => {
    const before = MultiplexedAsyncLocalStorage.created;
    const sock = withSharedAsyncStorage(() =>
      makeWASocket({ auth: { creds: initAuthCreds(), keys: memoryKeys().store }, logger, waWebSocketUrl: 'ws://127.0.0.1:1', printQRInTerminal: false }),
    );
    sock.end(undefined);
    expect(MultiplexedAsyncLocalStorage.created).toBe(before + 1);
    expect(new AsyncLocalStorage()).toBeInstanceOf(AsyncLocalStorage);
    expect(new AsyncLocalStorage()).not.toBeInstanceOf(MultiplexedAsyncLocalStorage);
  });

  it("keeps each key store's transactions to itself while they interleave, and commits each once", async () => {
    const opts = { maxCommitRetries: 1, delayBetweenTriesMs: 0 };
    const [a, b] = [memoryKeys(), memoryKeys()];
    const [keysA, keysB] = withSharedAsyncStorage(() => [addTransactionCapability(a.store, logger, opts), addTransactionCapability(b.store, logger, opts)]);
    let releaseA!: () => void;
    const aMayFinish = new Promise<void>((resolve) => {
      releaseA = resolve;
    });
    const inA = keysA.transaction(async () => {
      await keysA.set(session('a1'));
      await aMayFinish;
      // Its own write is read from the transaction before the commit; B's never shows here.
      expect(keysA.isInTransaction()).toBe(true);
      return keysA.get('session', ['a1', 'b1']);
    }, 'a');
    const inB = keysB.transaction(async () => {
      await keysB.set(session('b1'));
      expect(await keysB.get('session', ['a1', 'b1'])).toEqual({ b1: Buffer.from('b1') });
    }, 'b');
    await inB;
    // B committed while A's transaction was still open: A's write is not in A's store yet.
    expect(b.commits).toEqual([session('b1')]);
    expect(a.commits).toEqual([]);
    releaseA();
    expect(await inA).toEqual({ a1: Buffer.from('a1') });
    expect(a.commits).toEqual([session('a1')]);
    expect(keysA.isInTransaction()).toBe(false);
  });
});
