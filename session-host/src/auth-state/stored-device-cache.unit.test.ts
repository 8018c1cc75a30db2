// Contacts' device lists in the session's auth state, against real libSQL: the host that takes the
// session over reads what the previous owner stored (once its batch is flushed, as a handoff does),
// within Baileys' 5 minutes, and a device change Baileys deletes is gone for both.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementBatcher } from '../events/statement-batcher.js';
import { startDb } from '../webhooks/test-helpers.js';
import { loadAuthState } from './libsql-auth-state.js';
import { storedDeviceCache } from './stored-device-cache.js';

let fx: Awaited<ReturnType<typeof startDb>>;
beforeAll(async () => {
  fx = await startDb();
});
afterAll(async () => fx?.close());

const devices = [
  { user: '6281500000001', device: 0 },
  { user: '6281500000001', device: 3 },
];

describe('storedDeviceCache', () => {
  it("serves the previous owner's device lists to the next host, for five minutes from the query", async () => {
    let now = Date.UTC(2030, 0, 1);
    const clock = () => now;
    const writer = new StatementBatcher(fx.db, pino({ level: 'silent' }), 24 * 60 * 60_000);
    const first = storedDeviceCache((await loadAuthState(fx.db, 'sdc-a', writer)).keys, clock);
    await first.set('6281500000001', devices);
    await first.set('6281500000002', [{ user: '6281500000002', device: 0 }]);
    expect(await first.get('6281500000001')).toEqual(devices);
    await first.del('6281500000002');
    expect(await first.get('6281500000002')).toBeUndefined();
    // The handoff flushes the host's batch before it releases the lease.
    await writer.flush();

    const next = storedDeviceCache((await loadAuthState(fx.db, 'sdc-a')).keys, clock);
    expect(await next.get('6281500000001')).toEqual(devices);
    expect(await next.get('6281500000002')).toBeUndefined();
    // Another session's lists are its own.
    expect(await storedDeviceCache((await loadAuthState(fx.db, 'sdc-b')).keys, clock).get('6281500000001')).toBeUndefined();

    now += 5 * 60_000;
    expect(await next.get('6281500000001')).toBeUndefined();
  });
});
