// The key cache in front of the database: a read that races a write sees the new value (a
// contact's answer decrypted while the session its send created is still being stored), and a
// write that fails leaves nothing cached.
import type { SignalDataSet, SignalDataTypeMap, SignalKeyStore } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { cachedKeyStore } from './cached-key-store.js';

/** A key store whose writes wait until the test lets them land (or fail). */
function heldStore() {
  const rows = new Map<string, unknown>();
  let release: (err?: Error) => void = () => {};
  const store: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const id of ids) if (rows.has(`${type}/${id}`)) out[id] = rows.get(`${type}/${id}`) as SignalDataTypeMap[T];
      return out;
    },
    async set(data: SignalDataSet) {
      await new Promise<void>((resolve, reject) => {
        release = (err) => (err ? reject(err) : resolve());
      });
      for (const [type, entries] of Object.entries(data)) for (const [id, value] of Object.entries(entries ?? {})) rows.set(`${type}/${id}`, value);
    },
  };
  return { store, release: (err?: Error) => release(err) };
}

const SESSION_ID = '240547420916305_1.0';
const session = { _sessions: {}, version: 'v1' } as unknown as SignalDataTypeMap['session'];

describe('cachedKeyStore', () => {
  it('a read while the write is on its way sees the new value, not the miss it remembered before', async () => {
    const held = heldStore();
    const keys = cachedKeyStore(held.store);
    expect(await keys.get('session', [SESSION_ID])).toEqual({}); // remembered as a miss
    const write = keys.set({ session: { [SESSION_ID]: session } });
    expect(await keys.get('session', [SESSION_ID])).toEqual({ [SESSION_ID]: session });
    held.release();
    await write;
    expect(await held.store.get('session', [SESSION_ID])).toEqual({ [SESSION_ID]: session });
  });

  it('a write that fails is forgotten: the next read asks the store again', async () => {
    const held = heldStore();
    const keys = cachedKeyStore(held.store);
    const write = keys.set({ session: { [SESSION_ID]: session } });
    held.release(new Error('database down'));
    await expect(write).rejects.toThrow('database down');
    expect(await keys.get('session', [SESSION_ID])).toEqual({});
  });
});
