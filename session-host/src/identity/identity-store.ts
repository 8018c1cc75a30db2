import { and, eq, inArray, sql } from 'drizzle-orm';
import { contactIdentities } from '../../../shared/src/db/schema.js';
import type { HostDb } from '../db/client.js';
import type { StatementBatcher } from '../events/statement-batcher.js';

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

/** The `contact_identities` table of the sessions this host runs. Writes go through a statement
 * batcher (one round trip for many, off the path that received them); reads go to the database. */
export class IdentityStore {
  constructor(
    private readonly db: HostDb,
    private readonly writes: StatementBatcher,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records that `phone` and `lid` are one person, merging a row known by only one of them. A
   * LID that moved to another number (the person changed numbers) leaves the old number's row. */
  learnPairs(sessionId: string, pairs: readonly LidPnPair[]): void {
    const now = this.clock();
    this.writes.add(pairs.flatMap(({ phone, lid }) => this.pairStatements(sessionId, phone, lid, now)));
  }

  /** Records the name a person gave themselves, under whichever ids are known. */
  learnName(sessionId: string, ids: { phone?: string | null; lid?: string | null }, pushName: string): void {
    const now = this.clock();
    const { phone, lid } = ids;
    const statements = phone && lid ? this.pairStatements(sessionId, phone, lid, now) : [];
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
      this.db.run(sql`insert into contact_identities (session_id, phone, on_whatsapp, checked_at, updated_at) values (${sessionId}, ${phone}, ${onWhatsApp ? 1 : 0}, ${now}, ${now})
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

  private pairStatements(sessionId: string, phone: string, lid: string, now: number) {
    return [
      // the LID belonged to another number before: that number no longer has it
      this.db.run(sql`update contact_identities set lid = null, updated_at = ${now}
        where session_id = ${sessionId} and lid = ${lid} and phone is not null and phone <> ${phone}`),
      // a row known only by the LID keeps its name when the number's row absorbs it
      this.db.run(sql`update contact_identities set push_name = coalesce(push_name,
          (select push_name from contact_identities where session_id = ${sessionId} and lid = ${lid} and phone is null))
        where session_id = ${sessionId} and phone = ${phone}`),
      this.db.run(sql`update contact_identities set phone = ${phone}, updated_at = ${now}
        where session_id = ${sessionId} and lid = ${lid} and phone is null
          and not exists (select 1 from contact_identities where session_id = ${sessionId} and phone = ${phone})`),
      this.db.run(sql`delete from contact_identities where session_id = ${sessionId} and lid = ${lid} and phone is null`),
      this.db.run(sql`insert into contact_identities (session_id, phone, lid, updated_at) values (${sessionId}, ${phone}, ${lid}, ${now})
        on conflict (session_id, phone) do update set lid = excluded.lid, updated_at = excluded.updated_at`),
    ];
  }
}
