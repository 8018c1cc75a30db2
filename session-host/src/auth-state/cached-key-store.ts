import type { SignalDataSet, SignalDataTypeMap, SignalKeyStore } from '@whiskeysockets/baileys';

export type Category = keyof SignalDataTypeMap;

/** One-time pre-keys are many, used once, and never cached. */
export const UNCACHED: ReadonlySet<Category> = new Set(['pre-key']);

/** Keys are read far more often than written, and Baileys asks for some that do not exist on
 * every send (tctoken, lid-mapping): this remembers values and misses alike, so a send costs no
 * database reads. Only the lease owner writes a session's keys, so this cache is the truth while
 * the host owns the session. */
export function cachedKeyStore(inner: SignalKeyStore, uncached: ReadonlySet<Category> = UNCACHED): SignalKeyStore {
  const cache = new Map<Category, Map<string, unknown>>();
  const bucket = (type: Category) => {
    let map = cache.get(type);
    if (!map) {
      map = new Map();
      cache.set(type, map);
    }
    return map;
  };
  return {
    async get<T extends Category>(type: T, ids: string[]) {
      if (uncached.has(type)) return inner.get(type, ids);
      const map = bucket(type);
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      const missing = ids.filter((id) => !map.has(id));
      if (missing.length > 0) {
        const loaded = await inner.get(type, missing);
        for (const id of missing) map.set(id, loaded[id] ?? null);
      }
      for (const id of ids) {
        const value = map.get(id);
        if (value != null) out[id] = value as SignalDataTypeMap[T];
      }
      return out;
    },
    async set(data: SignalDataSet) {
      // The cache first: a read racing the database write (a contact's message decrypted right after
      // a send made the session) must see the new value, not a miss remembered before it.
      const written: [Map<string, unknown>, string][] = [];
      for (const [type, entries] of Object.entries(data) as [Category, Record<string, unknown> | undefined][]) {
        if (uncached.has(type)) continue;
        const map = bucket(type);
        for (const [id, value] of Object.entries(entries ?? {})) {
          map.set(id, value ?? null);
          written.push([map, id]);
        }
      }
      try {
        await inner.set(data);
      } catch (err) {
        // not stored: the next read asks the database again
        for (const [map, id] of written) map.delete(id);
        throw err;
      }
    },
  };
}
