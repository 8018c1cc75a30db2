// ContactCheck against a real libSQL database and a recording fake socket (WhatsApp's usync is
// the edge of the world): what is known costs nothing, each unknown number takes one governor
// slot, numbers without a slot inside the budget come back `processing`, and answers are stored.
import type { USyncQuery } from '@whiskeysockets/baileys';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIdentities } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import { StatementBatcher } from '../events/statement-batcher.js';
import { RateGovernor } from '../sending/rate-governor.js';

import { ContactCheck } from './contact-check.js';
import { IdentityStore } from './identity-store.js';
import { startIdentityDb } from './test-helpers.js';

let fx: Awaited<ReturnType<typeof startIdentityDb>>;
let db: HostDb;
beforeAll(async () => {
  fx = await startIdentityDb();
  db = fx.db;
});
afterAll(async () => fx?.close());

/** WhatsApp as usync answers it: numbers starting 6289 are not on WhatsApp, others are, LID = "9" + number. */
function fakeSocket() {
  const asked: string[][] = [];
  const stored: { lid: string; pn: string }[] = [];
  const sock = {
    async executeUSyncQuery(query: USyncQuery) {
      const phones = query.users.map((u) => (u.phone ?? '').replace('+', ''));
      asked.push(phones);
      return {
        list: phones.map((p) => ({ id: `${p}@s.whatsapp.net`, contact: !p.startsWith('6289'), ...(p.startsWith('6289') ? {} : { lid: `9${p}@lid` }) })),
        sideList: [],
      };
    },
    signalRepository: { lidMapping: { storeLIDPNMappings: async (pairs: { lid: string; pn: string }[]) => void stored.push(...pairs) } },
  };
  return { sock: sock as never, asked, stored };
}

describe('ContactCheck', () => {
  it('asks WhatsApp once for what it does not know, stores the answers, and answers a second check from the table', async () => {
    const store = new IdentityStore(db, new StatementBatcher(db, fx.logger));
    const check = new ContactCheck(store, { ttlMs: 60_000, budgetMs: 10_000 });
    const { sock, asked, stored } = fakeSocket();
    const numbers = ['6281100000001', '6289100000002'];
    const first = await check.check('cc-a', sock, new RateGovernor(0, 0), numbers);
    expect(first).toEqual([
      {
        input: '6281100000001',
        status: 'valid',
        exists: true,
        wa_id: '6281100000001',
        jid: '6281100000001@s.whatsapp.net',
        lid: '96281100000001@lid',
        cached: false,
      },
      { input: '6289100000002', status: 'invalid', exists: false, wa_id: null, jid: null, lid: null, cached: false },
    ]);
    expect(asked).toEqual([numbers]);
    expect(stored).toEqual([{ lid: '96281100000001@lid', pn: '6281100000001@s.whatsapp.net' }]);
    const second = await check.check('cc-a', sock, new RateGovernor(0, 0), numbers);
    expect(second.map((c) => [c.status, c.lid, c.cached])).toEqual([
      ['valid', '96281100000001@lid', true],
      ['invalid', null, true],
    ]);
    expect(asked).toHaveLength(1);
    await store.flush();
    expect(await db.select().from(contactIdentities).where(eq(contactIdentities.sessionId, 'cc-a')).orderBy(contactIdentities.phone)).toEqual([
      expect.objectContaining({ phone: '6281100000001', lid: '96281100000001', onWhatsApp: 1 }),
      expect.objectContaining({ phone: '6289100000002', lid: null, onWhatsApp: 0 }),
    ]);
  });

  it('an unknown number takes one governor slot and a known one none; numbers without a slot inside the budget are processing', async () => {
    const store = new IdentityStore(db, new StatementBatcher(db, fx.logger));
    store.learnPairs('cc-b', [{ phone: '6281200000000', lid: '555' }]);
    // A clock that stands still: slots fall at +0, +100, +200, +300 ms; the budget of 250 ms admits three.
    const now = () => 1_000_000;
    const check = new ContactCheck(store, { ttlMs: 60_000, budgetMs: 250 }, now);
    const { sock, asked } = fakeSocket();
    const numbers = ['6281200000000', '6281200000001', '6281200000002', '6281200000003', '6281200000004'];
    const result = await check.check('cc-b', sock, new RateGovernor(600, 0, now), numbers);
    expect(result.map((c) => [c.input, c.status, c.cached])).toEqual([
      ['6281200000000', 'valid', true],
      ['6281200000001', 'valid', false],
      ['6281200000002', 'valid', false],
      ['6281200000003', 'valid', false],
      ['6281200000004', 'processing', false],
    ]);
    expect(asked).toEqual([['6281200000001', '6281200000002', '6281200000003']]);
  });

  it('a stored "not on WhatsApp" answer older than the TTL is asked again', async () => {
    let now = 5_000_000;
    const store = new IdentityStore(db, new StatementBatcher(db, fx.logger), () => now);
    const check = new ContactCheck(store, { ttlMs: 60_000, budgetMs: 1_000 }, () => now);
    const { sock, asked } = fakeSocket();
    await check.check('cc-c', sock, new RateGovernor(0, 0), ['6289300000001']);
    now += 59_000;
    expect((await check.check('cc-c', sock, new RateGovernor(0, 0), ['6289300000001']))[0]!.cached).toBe(true);
    now += 2_000;
    expect((await check.check('cc-c', sock, new RateGovernor(0, 0), ['6289300000001']))[0]!.cached).toBe(false);
    expect(asked).toEqual([['6289300000001'], ['6289300000001']]);
    await store.flush();
    const rows = await db
      .select()
      .from(contactIdentities)
      .where(and(eq(contactIdentities.sessionId, 'cc-c'), eq(contactIdentities.phone, '6289300000001')));
    expect(rows).toEqual([expect.objectContaining({ onWhatsApp: 0, checkedAt: now })]);
  });
});
