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
  const lookup = identitiesLookup(db, sessionId, recipients);
  return lookup.read(lookup.query ? await lookup.query : []);
}

/** knownIdentities as a query and the reading of its rows, for a caller that runs the query in a
 * batch with its own statements (one round trip); no query when no recipient can be looked up. */
export function identitiesLookup(db: Db, sessionId: string, recipients: string[]) {
  const refs = new Map<string, ContactRef>();
  for (const to of recipients) {
    const ref = contactRef(to);
    if (ref) refs.set(to, ref);
  }
  const phones = [...refs.values()].flatMap((r) => (r.phone ? [r.phone] : []));
  const lids = [...refs.values()].flatMap((r) => (r.lid ? [r.lid] : []));
  const query =
    refs.size === 0
      ? undefined
      : db
          .select({ phone: contactIdentities.phone, lid: contactIdentities.lid })
          .from(contactIdentities)
          .where(
            and(
              eq(contactIdentities.sessionId, sessionId),
              or(phones.length ? inArray(contactIdentities.phone, phones) : undefined, lids.length ? inArray(contactIdentities.lid, lids) : undefined),
            ),
          );
  const read = (rows: { phone: string | null; lid: string | null }[]): Map<string, KnownIds> => {
    const out = new Map<string, KnownIds>();
    for (const [to, ref] of refs) {
      const row = rows.find((r) => (ref.phone ? r.phone === ref.phone : r.lid === ref.lid));
      const lid = row?.lid ?? ref.lid ?? null;
      out.set(to, { phone: row?.phone ?? ref.phone ?? null, lid: lid ? `${lid}@lid` : null });
    }
    return out;
  };
  return { query, read };
}
