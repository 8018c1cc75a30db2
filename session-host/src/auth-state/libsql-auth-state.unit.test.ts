// Keys written behind through the host's batcher, against real libSQL: a session's ratchet state
// reaches the database with the next batch (and reads meanwhile come from the cache), one-time
// pre-keys are written before `set` returns, and logging out leaves no key a pending write could
// bring back.
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waAuthState } from '../../../shared/src/db/schema.js';
import { StatementBatcher } from '../events/statement-batcher.js';
import { startDb } from '../webhooks/test-helpers.js';
import { loadAuthState } from './libsql-auth-state.js';

let fx: Awaited<ReturnType<typeof startDb>>;
beforeAll(async () => {
  fx = await startDb();
});
afterAll(async () => fx?.close());

const stored = (sessionId: string, category: string) =>
  fx.db
    .select({ keyId: waAuthState.keyId })
    .from(waAuthState)
    .where(and(eq(waAuthState.sessionId, sessionId), eq(waAuthState.category, category)));
// A batcher that writes only when flushed, so "not yet written" is observable without timing.
const heldBatcher = () => new StatementBatcher(fx.db, pino({ level: 'silent' }), 24 * 60 * 60_000);

describe('loadAuthState with a writer', () => {
  it('writes a Signal session behind: read back from the cache at once, in the database after the flush', async () => {
    const writer = heldBatcher();
    const auth = await loadAuthState(fx.db, 'las-a', writer);
    const record = { _sessions: { base: 1 } } as never;
    await auth.keys.set({ session: { '6281500000001.0': record } });
    expect(await stored('las-a', 'session')).toEqual([]);
    expect(await auth.keys.get('session', ['6281500000001.0'])).toEqual({ '6281500000001.0': record });
    await writer.flush();
    expect(await stored('las-a', 'session')).toEqual([{ keyId: '6281500000001.0' }]);
  });

  it('writes one-time pre-keys before set returns: they are not cached, so a read goes to the database', async () => {
    const auth = await loadAuthState(fx.db, 'las-b', heldBatcher());
    await auth.keys.set({ 'pre-key': { '7': { public: Buffer.from([1]), private: Buffer.from([2]) } } });
    expect(await stored('las-b', 'pre-key')).toEqual([{ keyId: '7' }]);
  });

  it('clear() writes what is pending first, so no key survives a logout', async () => {
    const writer = heldBatcher();
    const auth = await loadAuthState(fx.db, 'las-c', writer);
    await auth.keys.set({ session: { '6281500000002.0': { _sessions: {} } as never } });
    await auth.clear();
    await writer.flush();
    expect(await stored('las-c', 'session')).toEqual([]);
  });
});
