import { and, eq, inArray, or } from 'drizzle-orm';
import { contactRef, type ContactRef } from '../../../shared/src/api/contacts.js';
import { contactIdentities } from '../../../shared/src/db/schema.js';
import type { Db } from '../db/client.js';

export interface KnownIds {
  phone: string | null;
  /** the LID JID (…@lid) */
  lid: string | null;
}

/** What the session knows of each individual recipient (`to` as given: digits, phone JID or LID):
 * both ids, from one query. An unknown recipient keeps the id it was given; the other is null. */
export async function knownIdentities(db: Db, sessionId: string, recipients: string[]): Promise<Map<string, KnownIds>> {
  const refs = new Map<string, ContactRef>();
  for (const to of recipients) {
    const ref = contactRef(to);
    if (ref) refs.set(to, ref);
  }
  if (refs.size === 0) return new Map();
  const phones = [...refs.values()].flatMap((r) => (r.phone ? [r.phone] : []));
  const lids = [...refs.values()].flatMap((r) => (r.lid ? [r.lid] : []));
  const rows = await db
    .select({ phone: contactIdentities.phone, lid: contactIdentities.lid })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.sessionId, sessionId),
        or(phones.length ? inArray(contactIdentities.phone, phones) : undefined, lids.length ? inArray(contactIdentities.lid, lids) : undefined),
      ),
    );
  const out = new Map<string, KnownIds>();
  for (const [to, ref] of refs) {
    const row = rows.find((r) => (ref.phone ? r.phone === ref.phone : r.lid === ref.lid));
    const lid = row?.lid ?? ref.lid ?? null;
    out.set(to, { phone: row?.phone ?? ref.phone ?? null, lid: lid ? `${lid}@lid` : null });
  }
  return out;
}
