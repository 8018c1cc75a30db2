import { DEFAULT_CACHE_TTLS, type CacheStore, type SignalDataSet, type SignalDataTypeMap, type SignalKeyStore } from '@whiskeysockets/baileys';

/** The key-store category the device lists are kept under (the gateway's own, beside Baileys' keys). */
const CATEGORY = 'user-devices' as keyof SignalDataTypeMap;

interface StoredDevices {
  devices: unknown;
  /** When WhatsApp answered the device query (ms). */
  at: number;
}

/** Baileys' cache of each contact's devices (`userDevicesCache`), kept in the session's auth state
 * instead of the socket's memory. Whenever that cache misses, Baileys asks WhatsApp for the device
 * list and then forces a new Signal session with every device it names (a prekey fetch with
 * reason `identity`, libsignal "Closing open session in favor of incoming prekey bundle"). In memory
 * it was empty on every new socket, so each chat's session was re-established after every
 * reconnect and on the host that took a session over (a drain or a takeover). Stored, it survives
 * both, written behind with the other keys (the host's status batch, flushed before a handoff
 * releases the lease) and with the age Baileys' own cache allows (5 minutes). */
export function storedDeviceCache(keys: SignalKeyStore, clock: () => number = Date.now, ttlMs = DEFAULT_CACHE_TTLS.USER_DEVICES * 1000): CacheStore {
  const write = (user: string, value: StoredDevices | null) => keys.set({ [CATEGORY]: { [user]: value } } as SignalDataSet);
  return {
    async get<T>(user: string): Promise<T> {
      const { [user]: stored } = (await keys.get(CATEGORY, [user])) as Record<string, StoredDevices | undefined>;
      return (stored && clock() - stored.at < ttlMs ? stored.devices : undefined) as T;
    },
    async set<T>(user: string, devices: T) {
      await write(user, { devices, at: clock() });
    },
    async del(user: string) {
      await write(user, null);
    },
    // Baileys never flushes this cache; each entry ages out by itself.
    flushAll() {},
  };
}
