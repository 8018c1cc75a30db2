import { isLidUser, isPnUser, jidNormalizedUser } from '@whiskeysockets/baileys';
import type { Person } from '../../../shared/src/api/groups.js';

/** A participant as Baileys reports it: `id` in the group's addressing mode, the other id when
 * WhatsApp attached it (`phone_number` in LID groups, `lid` in PN groups). */
export interface RawParticipant {
  id: string;
  phoneNumber?: string | null;
  lid?: string | null;
}

/** Where a missing id is looked up: Baileys' LID store today, the gateway's mapping table later. */
export interface LidPhoneLookup {
  phoneForLid(lid: string): Promise<string | null>;
  lidForPhone(phoneJid: string): Promise<string | null>;
}

const digitsOf = (jid: string): string => jidNormalizedUser(jid).split('@')[0]!;
const lidOf = (jid: string): string => `${digitsOf(jid)}@lid`;

/** Both ids of a participant: from what the group metadata or notification carries first, then
 * from the lookup; null where neither knows. The one place to point at a LID↔phone table. */
export async function participantIds(p: RawParticipant, lookup?: LidPhoneLookup): Promise<Person> {
  let phone = isPnUser(p.id) ? p.id : p.phoneNumber && isPnUser(p.phoneNumber) ? p.phoneNumber : null;
  let lid = isLidUser(p.id) ? p.id : p.lid && isLidUser(p.lid) ? p.lid : null;
  if (lookup && lid && !phone) phone = await lookup.phoneForLid(jidNormalizedUser(lid)).catch(() => null);
  if (lookup && phone && !lid) lid = await lookup.lidForPhone(jidNormalizedUser(phone)).catch(() => null);
  return { phone: phone ? digitsOf(phone) : null, lid: lid ? lidOf(lid) : null };
}

/** Baileys' own LID store (what it learnt from usync and message envelopes). */
export function baileysLidLookup(sock: {
  signalRepository: { lidMapping: { getPNForLID(lid: string): Promise<string | null>; getLIDForPN(pn: string): Promise<string | null> } };
}): LidPhoneLookup {
  return {
    phoneForLid: (lid) => sock.signalRepository.lidMapping.getPNForLID(lid),
    lidForPhone: (pn) => sock.signalRepository.lidMapping.getLIDForPN(pn),
  };
}

/** True when two ids of whatever kind name the same person. */
export const samePerson = (a: Person, b: Person): boolean => (!!a.phone && a.phone === b.phone) || (!!a.lid && a.lid === b.lid);
