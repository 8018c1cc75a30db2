import { and, eq, inArray, sql } from 'drizzle-orm';
import { contactIdentities } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import type { StatementBatcher } from '../events/statement-batcher.js';
import { lidChatMergeStatements } from './lid-chat-merge.js';

/** A PN↔LID pair, user parts only (digits, no device, no server). */
export interface LidPnPair {
  phone: string;
  lid: string;
}

export interface StoredIdentity {
  phone: string | null;
  lid: string | null;
  onWhatsApp: number | null;
  checkedAt: number | null;
}

const PAIRS_PER_STATEMENT = 100;
/** Names remembered to skip rewriting an unchanged one (a chatty contact writes on every message). */
const REMEMBERED_NAMES = 10_000;

/** The `contact_identities` table of the sessions this host runs. Writes go through a statement
 * batcher (one round trip for many, off the path that received them); reads go to the database. */
export class IdentityStore {
  private readonly lastNames = new Map<string, string>();

  constructor(
    private readonly db: HostDb,
    private readonly writes: StatementBatcher,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records that `phone` and `lid` are one person, merging a row known by only one of them, and
   * the LID's chat into the number's. A LID that moved to another number (the person changed
   * numbers) leaves the old number's row. */
  learnPairs(sessionId: string, pairs: readonly LidPnPair[]): void {
    const now = this.clock();
    // each statement looks pairs up in its JSON per row: chunks keep that cost linear
    for (let i = 0; i < pairs.length; i += PAIRS_PER_STATEMENT) {
      const chunk = pairs.slice(i, i + PAIRS_PER_STATEMENT);
      this.writes.add([...this.pairStatements(sessionId, chunk, now), ...lidChatMergeStatements(this.db, sessionId, chunk)]);
    }
  }

  /** Records the name a person gave themselves, under whichever ids are known. */
  learnName(sessionId: string, ids: { phone?: string | null; lid?: string | null }, pushName: string): void {
    const { phone, lid } = ids;
    const key = `${sessionId}|${phone ?? ''}|${lid ?? ''}`;
    if (this.lastNames.get(key) === pushName) return;
    this.lastNames.delete(key);
    this.lastNames.set(key, pushName);
    if (this.lastNames.size > REMEMBERED_NAMES) this.lastNames.delete(this.lastNames.keys().next().value!);
    const now = this.clock();
    const statements = phone && lid ? this.pairStatements(sessionId, [{ phone, lid }], now) : [];
    if (phone) {
      statements.push(
        this.db.run(sql`insert into contact_identities (session_id, phone, push_name, updated_at) values (${sessionId}, ${phone}, ${pushName}, ${now})
          on conflict (session_id, phone) do update set push_name = excluded.push_name, updated_at = excluded.updated_at`),
      );
    } else if (lid) {
      statements.push(
        this.db.run(sql`insert into contact_identities (session_id, lid, push_name, updated_at) values (${sessionId}, ${lid}, ${pushName}, ${now})
          on conflict (session_id, lid) do update set push_name = excluded.push_name, updated_at = excluded.updated_at`),
      );
    }
    this.writes.add(statements);
  }

  /** Records an "is on WhatsApp" answer for a number (its LID, if any, arrives as a pair). */
  recordCheck(sessionId: string, phone: string, onWhatsApp: boolean): void {
    const now = this.clock();
    this.writes.add([
      this.db.run(sql`insert into contact_identities (session_id, phone, on_whatsapp, checked_at, updated_at)
        values (${sessionId}, ${phone}, ${onWhatsApp ? 1 : 0}, ${now}, ${now})
        on conflict (session_id, phone) do update set on_whatsapp = excluded.on_whatsapp, checked_at = excluded.checked_at, updated_at = excluded.updated_at`),
    ]);
  }

  /** What is known of these numbers, by number. Waits for pending writes first. */
  async byPhones(sessionId: string, phones: string[]): Promise<Map<string, StoredIdentity>> {
    await this.writes.flush();
    if (phones.length === 0) return new Map();
    const rows = await this.db
      .select({ phone: contactIdentities.phone, lid: contactIdentities.lid, onWhatsApp: contactIdentities.onWhatsApp, checkedAt: contactIdentities.checkedAt })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.sessionId, sessionId), inArray(contactIdentities.phone, phones)));
    return new Map(rows.map((row) => [row.phone!, row]));
  }

  flush(): Promise<void> {
    return this.writes.flush();
  }

  /** Five statements for a chunk of pairs, read from one JSON parameter. The LID index is named:
   * the planner would otherwise walk the phone index for `phone is null` (every LID-only row). */
  private pairStatements(sessionId: string, given: readonly LidPnPair[], now: number) {
    // one pair per LID and per number (the last said wins), or the insert would collide with itself
    const byLid = new Map(given.map((p) => [p.lid, p]));
    const pairs = [...new Map([...byLid.values()].map((p) => [p.phone, p])).values()];
    if (pairs.length === 0) return [];
    const json = JSON.stringify(pairs);
    const lids = sql`(select json_extract(value, '$.lid') from json_each(${json}))`;
    const phones = sql`(select json_extract(value, '$.phone') from json_each(${json}))`;
    const phoneFor = (lid: ReturnType<typeof sql>) =>
      sql`(select json_extract(value, '$.phone') from json_each(${json}) where json_extract(value, '$.lid') = ${lid})`;
    const lidFor = (phone: ReturnType<typeof sql>) =>
      sql`(select json_extract(value, '$.lid') from json_each(${json}) where json_extract(value, '$.phone') = ${phone})`;
    return [
      // a LID that belonged to another number before: that number no longer has it
      // (a NULL phone is never <> anything: LID-only rows are left to the statements below)
      this.db.run(sql`update contact_identities indexed by contact_identities_lid set lid = null, updated_at = ${now}
        where session_id = ${sessionId} and lid in ${lids} and phone <> ${phoneFor(sql`contact_identities.lid`)}`),
      // a row known only by the LID keeps its name when the number's row absorbs it
      this.db.run(sql`update contact_identities set push_name = coalesce(push_name, (select o.push_name from contact_identities o
          where o.session_id = ${sessionId} and o.phone is null and o.lid = ${lidFor(sql`contact_identities.phone`)}))
        where session_id = ${sessionId} and phone in ${phones}`),
      // a row known only by the LID gains its number in place, unless the number has a row already
      this.db.run(sql`update contact_identities indexed by contact_identities_lid set phone = ${phoneFor(sql`contact_identities.lid`)}, updated_at = ${now}
        where session_id = ${sessionId} and phone is null and lid in ${lids}
          and not exists (select 1 from contact_identities x where x.session_id = ${sessionId} and x.phone = ${phoneFor(sql`contact_identities.lid`)})`),
      this.db.run(sql`delete from contact_identities indexed by contact_identities_lid where session_id = ${sessionId} and phone is null and lid in ${lids}`),
      this.db.run(sql`insert into contact_identities (session_id, phone, lid, updated_at)
        select ${sessionId}, json_extract(value, '$.phone'), json_extract(value, '$.lid'), ${now} from json_each(${json}) where true
        on conflict (session_id, phone) do update set lid = excluded.lid, updated_at = excluded.updated_at`),
    ];
  }
}
