import { isPnUser, isLidUser, jidDecode, type SignalKeyStore } from '@whiskeysockets/baileys';

/** Who a webhook event is about, both ways: `phone` as digits (what `to` takes), `lid` as the full
 * `…@lid` JID (never bare digits, so it cannot be mistaken for a phone number). Either is null
 * only when the session has not learned it. */
export interface PersonIds {
  phone: string | null;
  lid: string | null;
}

/** What an event spreads in: both ids for a person, nothing for a group or broadcast. */
export type PersonFields = PersonIds | Record<string, never>;

/** The session's PN↔LID pairs (user parts, no device). */
export interface LidPnLookup {
  phoneOf(lidUser: string): Promise<string | null>;
  lidOf(phoneUser: string): Promise<string | null>;
}

/** Knows nothing: fields come from the JIDs alone. */
export const noLookup: LidPnLookup = { phoneOf: async () => null, lidOf: async () => null };

/** Reads the pairs Baileys keeps in the session's key store (`lid-mapping`: `<pn>` → lid user,
 * `<lid>_reverse` → pn user). The store is cached in memory, so this costs no network and, once
 * seen, no database read: safe on the hot path, unlike `lidMapping.getLIDForPN`, which asks
 * WhatsApp (usync) for a pair it does not have. */
export function keyStoreLookup(keys: Pick<SignalKeyStore, 'get'>): LidPnLookup {
  const read = async (id: string) => (await keys.get('lid-mapping', [id]))[id] ?? null;
  return { phoneOf: (lidUser) => read(`${lidUser}_reverse`), lidOf: (phoneUser) => read(phoneUser) };
}

const userOf = (jid: string | null | undefined) => (jid ? (jidDecode(jid)?.user ?? null) : null);

/** `{ phone, lid }` of the person a JID names (with its alternate JID from the same stanza, e.g.
 * `remoteJidAlt`), for spreading into an event's data. Groups, broadcasts and newsletters name no
 * person: `{}`. This is the one place events get identities from; new event producers spread it too. */
export async function identityFields(lookup: LidPnLookup, jid: string | null | undefined, alt?: string | null): Promise<PersonFields> {
  const ids = [jid, alt].filter((j): j is string => Boolean(isPnUser(j ?? undefined) || isLidUser(j ?? undefined)));
  if (ids.length === 0) return {};
  let phone = userOf(ids.find((j) => isPnUser(j) === true));
  let lid = userOf(ids.find((j) => isLidUser(j) === true));
  if (lid && !phone) phone = await lookup.phoneOf(lid);
  if (phone && !lid) lid = await lookup.lidOf(phone);
  return { phone, lid: lid ? `${lid}@lid` : null };
}

/** The fields for several JIDs at once (e.g. a batch of receipts), by JID. */
export async function identitiesOf(lookup: LidPnLookup, jids: (string | null | undefined)[]): Promise<Map<string, PersonFields>> {
  const out = new Map<string, PersonFields>();
  for (const jid of new Set(jids.filter((j): j is string => Boolean(j)))) out.set(jid, await identityFields(lookup, jid));
  return out;
}
