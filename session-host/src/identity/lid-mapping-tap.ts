import type { SignalKeyStore } from '@whiskeysockets/baileys';
import type { LidPnPair } from './identity-store.js';

/** Every PN↔LID pair Baileys learns (usync answers, message envelopes, `lid-mapping.update`, the
 * phone's LID migration sync, history sync) ends in one write to its key store under
 * `lid-mapping`: `<pn user>` → lid user, `<lid user>_reverse` → pn user. Watching that write sees
 * them all, whatever the source, without following each event. */
export function tapLidMappings(keys: SignalKeyStore, onPairs: (pairs: LidPnPair[]) => void): SignalKeyStore {
  return {
    get: (type, ids) => keys.get(type, ids),
    async set(data) {
      await keys.set(data);
      const written = data['lid-mapping'];
      if (!written) return;
      const pairs = Object.entries(written).flatMap(([key, value]) =>
        !key.endsWith('_reverse') && typeof value === 'string' && /^\d+$/.test(key) && /^\d+$/.test(value) ? [{ phone: key, lid: value }] : [],
      );
      if (pairs.length > 0) onPairs(pairs);
    },
    ...(keys.clear ? { clear: () => keys.clear!() } : {}),
  };
}
