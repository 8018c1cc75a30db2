import { isLidUser, isPnUser, jidDecode, type Contact, type WAMessage, type WASocket } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { IdentityStore } from './identity-store.js';

const userOf = (jid: string | undefined) => (jid ? jidDecode(jid)?.user : undefined);

/** The phone and LID JIDs a contact record names (either way round). */
function jidsOf(c: Partial<Contact>): { pn?: string; lid?: string } {
  const all = [c.id, c.lid, c.phoneNumber].filter((j): j is string => Boolean(j));
  return { pn: all.find((j) => isPnUser(j)), lid: all.find((j) => isLidUser(j)) };
}

/** Feeds what a socket learns about people into the identity table: pairs from contacts and group
 * participants go to Baileys' own LID mapping store (so its sends use the same Signal session;
 * the key-store tap then records them), push names go to the table directly. */
export function feedIdentities(sessionId: string, sock: WASocket, store: IdentityStore, logger: Logger): void {
  const storePairs = (people: Partial<Contact>[]) => {
    const pairs = people.map(jidsOf).flatMap(({ pn, lid }) => (pn && lid ? [{ pn, lid }] : []));
    if (pairs.length === 0) return;
    sock.signalRepository.lidMapping.storeLIDPNMappings(pairs).catch((err) => logger.warn({ err, sessionId }, 'could not store LID mappings'));
  };
  const names = (people: Partial<Contact>[]) => {
    for (const person of people) {
      const { pn, lid } = jidsOf(person);
      if (person.notify && (pn || lid)) store.learnName(sessionId, { phone: userOf(pn), lid: userOf(lid) }, person.notify);
    }
  };
  sock.ev.on('contacts.upsert', (contacts) => {
    storePairs(contacts);
    names(contacts);
  });
  sock.ev.on('contacts.update', (contacts) => {
    storePairs(contacts);
    names(contacts);
  });
  sock.ev.on('groups.upsert', (groups) => storePairs(groups.flatMap((g) => g.participants ?? [])));
  sock.ev.on('groups.update', (groups) => storePairs(groups.flatMap((g) => g.participants ?? [])));
  sock.ev.on('group-participants.update', ({ participants }) => storePairs(participants));
  sock.ev.on('messages.upsert', ({ messages }) => names(messages.flatMap(senderOf)));
}

/** The sender of an incoming message as a contact record: its JIDs and push name. */
function senderOf(msg: WAMessage): Partial<Contact>[] {
  if (msg.key.fromMe || !msg.pushName) return [];
  const key = msg.key as WAMessage['key'] & { remoteJidAlt?: string; participantAlt?: string };
  const id = key.participant || key.remoteJid || undefined;
  const alt = key.participant ? key.participantAlt : key.remoteJidAlt;
  return [{ id, lid: alt, notify: msg.pushName }];
}
