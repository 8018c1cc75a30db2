import type { Person } from '../../../shared/src/api/groups.js';
import { identityFields, noLookup, type LidPnLookup } from '../identity/identity-fields.js';

/** A participant as Baileys reports it: `id` in the group's addressing mode, the other id when
 * WhatsApp attached it (`phone_number` in LID groups, `lid` in PN groups). */
export interface RawParticipant {
  id: string;
  phoneNumber?: string | null;
  lid?: string | null;
}

/** Both ids of a participant: from what the group metadata or notification carries, then from the
 * session's PN↔LID pairs (the same lookup every webhook event uses); null where neither knows. */
export async function participantIds(p: RawParticipant, lookup: LidPnLookup = noLookup): Promise<Person> {
  const fields = await identityFields(lookup, p.id, p.phoneNumber ?? p.lid);
  return { phone: fields.phone ?? null, lid: fields.lid ?? null };
}

/** True when two ids of whatever kind name the same person. */
export const samePerson = (a: Person, b: Person): boolean => (!!a.phone && a.phone === b.phone) || (!!a.lid && a.lid === b.lid);
