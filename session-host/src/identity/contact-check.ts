import { USyncQuery, USyncUser, jidDecode, type WASocket } from '@whiskeysockets/baileys';
import type { RateGovernor } from '../sending/rate-governor.js';
import type { IdentityStore, StoredIdentity } from './identity-store.js';

/** One number's answer, as Meta's contacts endpoint words it: `valid` (on WhatsApp), `invalid`
 * (not), `processing` (not asked yet: the session's send pace had no slot left for it in this
 * request; ask again). */
export interface CheckedContact {
  input: string;
  status: 'valid' | 'invalid' | 'processing';
  exists: boolean | null;
  wa_id: string | null;
  jid: string | null;
  lid: string | null;
  /** answered from the identity table without asking WhatsApp */
  cached: boolean;
}

export interface ContactCheckOptions {
  /** how long a stored on/off-WhatsApp answer is reused */
  ttlMs: number;
  /** how long one request may wait for governor slots */
  budgetMs: number;
}

type Socket = Pick<WASocket, 'executeUSyncQuery' | 'signalRepository'>;

/** "Are these numbers on WhatsApp, and what are their LIDs?" Known answers come from the identity
 * table (a known LID, or a check younger than the TTL) and cost nothing; each number WhatsApp must
 * be asked about takes one slot of the session's send governor, the same pace as its messages, so
 * bulk checks cannot get the number flagged. The admitted numbers go out as one usync query. */
export class ContactCheck {
  constructor(
    private readonly store: IdentityStore,
    private readonly options: ContactCheckOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  async check(sessionId: string, sock: Socket, governor: RateGovernor, numbers: string[]): Promise<CheckedContact[]> {
    const deadline = this.clock() + this.options.budgetMs;
    const unique = [...new Set(numbers)];
    const known = await this.store.byPhones(sessionId, unique);
    const answers = new Map<string, CheckedContact>();
    const toAsk: string[] = [];
    for (const phone of unique) {
      const row = known.get(phone);
      if (row && this.fresh(row)) answers.set(phone, answer(phone, row.lid !== null || row.onWhatsApp === 1, row.lid, true));
      else toAsk.push(phone);
    }
    const admitted: string[] = [];
    for (const phone of toAsk) {
      if (!(await governor.waitWithin(deadline - this.clock()))) break;
      admitted.push(phone);
    }
    for (const [phone, found] of await this.ask(sessionId, sock, admitted)) answers.set(phone, found);
    // what the answer says is in the table before it is given (a send right after shows the LID)
    await this.store.flush();
    return numbers.map((input) => ({ ...(answers.get(input) ?? pending(input)), input }));
  }

  private fresh(row: StoredIdentity): boolean {
    return row.lid !== null || (row.checkedAt !== null && this.clock() - row.checkedAt < this.options.ttlMs);
  }

  private async ask(sessionId: string, sock: Socket, phones: string[]): Promise<Map<string, CheckedContact>> {
    const out = new Map<string, CheckedContact>();
    if (phones.length === 0) return out;
    const query = new USyncQuery().withContactProtocol().withLIDProtocol();
    for (const phone of phones) query.withUser(new USyncUser().withPhone(`+${phone}`));
    const result = await sock.executeUSyncQuery(query);
    const pairs: { lid: string; pn: string }[] = [];
    for (const item of result?.list ?? []) {
      const phone = jidDecode(item.id)?.user;
      if (!phone || !phones.includes(phone)) continue;
      const exists = item.contact === true;
      const lid = exists && typeof item.lid === 'string' && item.lid.endsWith('@lid') ? (jidDecode(item.lid)?.user ?? null) : null;
      if (lid) pairs.push({ lid: `${lid}@lid`, pn: `${phone}@s.whatsapp.net` });
      this.store.recordCheck(sessionId, phone, exists);
      out.set(phone, answer(phone, exists, lid, false));
    }
    if (pairs.length > 0) {
      // Baileys' store too, so its sends to this number use the LID's Signal session. The table is
      // written here as well: Baileys skips a pair it already holds in memory, and one learned by a
      // send still in flight reaches its key store (and the tap) only when that send commits.
      await sock.signalRepository.lidMapping.storeLIDPNMappings(pairs);
      this.store.learnPairs(
        sessionId,
        pairs.map((p) => ({ phone: jidDecode(p.pn)!.user, lid: jidDecode(p.lid)!.user })),
      );
    }
    return out;
  }
}

function answer(phone: string, exists: boolean, lid: string | null, cached: boolean): CheckedContact {
  return {
    input: phone,
    status: exists ? 'valid' : 'invalid',
    exists,
    wa_id: exists ? phone : null,
    jid: exists ? `${phone}@s.whatsapp.net` : null,
    lid: exists && lid ? `${lid}@lid` : null,
    cached,
  };
}

const pending = (input: string): CheckedContact => ({ input, status: 'processing', exists: null, wa_id: null, jid: null, lid: null, cached: false });
