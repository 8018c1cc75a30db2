/**
 * Groups: create (w:g2 create), metadata (w:g2 query), participating list, and group sends:
 * the SenderKeyDistributionMessage arrives in per-device pkmsgs, the text in one skmsg that each
 * participant's simulated device decrypts with its sender key.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { getBinaryNodeChildren, proto, type BinaryNode } from '@whiskeysockets/baileys';
import type { Conn } from './connection.js';
import type { Companion, Contact } from './contacts.js';
import type { SimCore } from './core.js';
import { iqError, iqResult } from './iq-handlers.js';
import { companionAddr, corruptIfAsked, decryptParticipants, recordSent, sendAck, sendReceipt, type SentMessage } from './messages.js';
import { forwardToCompanions } from './routing.js';
import { handleGroupChangeIq } from './group-iq.js';
import type { ChatParties } from './incoming-content.js';

export interface Group {
  id: string; // <digits>@g.us
  subject: string;
  /** creator's phone (an account or a contact) */
  owner: string;
  /** every other member's phone (contacts and accounts) */
  participants: string[];
  creation: number;
  /** 'lid': members appear as <lid>@lid with phone_number (how most groups look today) */
  addressing: 'pn' | 'lid';
  /** phones promoted to admin (the owner is superadmin and not listed) */
  admins: string[];
  description: string;
  descId?: string;
  /** only admins send messages */
  announce: boolean;
  /** only admins edit the group's info (subject, description) */
  locked: boolean;
  /** the code behind https://chat.whatsapp.com/<code> */
  inviteCode: string;
}

export const newInviteCode = (): string => randomBytes(16).toString('base64url').slice(0, 22);

/** a group created on the simulator side (e.g. by a contact) */
export function createGroup(sim: SimCore, subject: string, owner: string, members: string[], addressing: 'pn' | 'lid' = sim.groupAddressing): Group {
  const digits = (p: string): string => p.replace(/\D/g, '');
  const g: Group = {
    id: `120363${randomInt(100000000, 999999999)}${randomInt(100, 999)}@g.us`,
    subject,
    owner: digits(owner),
    participants: members.map(digits).filter((p) => p !== digits(owner)),
    creation: Math.floor(Date.now() / 1000),
    addressing,
    admins: [],
    description: '',
    announce: false,
    locked: false,
    inviteCode: newInviteCode(),
  };
  sim.groups.set(g.id, g);
  sim.changed();
  return g;
}

const lidOf = (sim: SimCore, phone: string): string | undefined => sim.dir.contacts.get(phone)?.lid ?? sim.dir.accounts.get(phone)?.lid;

/** a member's JID in the group's addressing mode */
export const memberJid = (sim: SimCore, g: Group, phone: string): string => (g.addressing === 'lid' ? `${lidOf(sim, phone)}@lid` : `${phone}@s.whatsapp.net`);

/** How a member's message names people in the group: everyone by their JID in the group's
 * addressing; a message the member did not write defaults to the group's first account member. */
export function groupParties(sim: SimCore, g: Group, contact: Contact): ChatParties {
  const account = [g.owner, ...g.participants].find((p) => sim.dir.accounts.has(p));
  return {
    contactJid: memberJid(sim, g, contact.phone),
    accountJid: account ? memberJid(sim, g, account) : '',
    group: { jid: g.id, memberJid: (phone) => memberJid(sim, g, phone.replace(/\D/g, '')) },
  };
}

export function participantNode(sim: SimCore, g: Group, phone: string, admin?: string): BinaryNode {
  const attrs: Record<string, string> =
    g.addressing === 'lid'
      ? { jid: memberJid(sim, g, phone), phone_number: `${phone}@s.whatsapp.net` }
      : { jid: `${phone}@s.whatsapp.net`, lid: `${lidOf(sim, phone)}@lid` };
  if (admin) attrs.type = admin;
  return { tag: 'participant', attrs };
}

export function groupNode(sim: SimCore, g: Group): BinaryNode {
  const ownerJid = memberJid(sim, g, g.owner);
  return {
    tag: 'group',
    attrs: {
      id: g.id.split('@')[0]!,
      subject: g.subject,
      s_o: ownerJid,
      s_t: String(g.creation),
      creation: String(g.creation),
      creator: ownerJid,
      ...(g.addressing === 'lid' ? { creator_pn: `${g.owner}@s.whatsapp.net`, s_o_pn: `${g.owner}@s.whatsapp.net` } : {}),
      addressing_mode: g.addressing,
      size: String(g.participants.length + 1),
    },
    content: [
      participantNode(sim, g, g.owner, 'superadmin'),
      ...g.participants.map((p) => participantNode(sim, g, p, g.admins.includes(p) ? 'admin' : undefined)),
      ...(g.description
        ? [{ tag: 'description', attrs: { id: g.descId ?? '' }, content: [{ tag: 'body', attrs: {}, content: Buffer.from(g.description) }] }]
        : []),
      ...(g.announce ? [{ tag: 'announcement', attrs: {} }] : []),
      ...(g.locked ? [{ tag: 'locked', attrs: {} }] : []),
    ],
  };
}

export function handleGroupIq(sim: SimCore, conn: Conn, iq: BinaryNode): BinaryNode {
  const first = Array.isArray(iq.content) ? (iq.content[0] as BinaryNode | undefined) : undefined;
  const c = conn.companion;
  if (!c) return iqError(iq, 401, 'not-authorized');
  if (first?.tag === 'create') {
    const participants = getBinaryNodeChildren(first, 'participant')
      .map((p) => sim.dir.resolve(p.attrs.jid ?? ''))
      .flatMap((w) => (w?.kind === 'contact' && w.contact.onWhatsApp ? [w.contact.phone] : []));
    const g = createGroup(sim, first.attrs.subject ?? '', c.account.phone, participants);
    return iqResult(iq, [groupNode(sim, g)]);
  }
  if (first?.tag === 'query') {
    const g = sim.groups.get(iq.attrs.to ?? '');
    if (!g) return iqError(iq, 404, 'item-not-found');
    return isMember(g, c.account.phone) ? iqResult(iq, [groupNode(sim, g)]) : iqError(iq, 403, 'forbidden');
  }
  if (first?.tag === 'participating') {
    const me = c.account.phone;
    const mine = [...sim.groups.values()].filter((g) => g.owner === me || g.participants.includes(me));
    return iqResult(iq, [{ tag: 'groups', attrs: {}, content: mine.map((g) => groupNode(sim, g)) }]);
  }
  return handleGroupChangeIq(sim, c.account.phone, iq, first);
}

export const isMember = (g: Group, phone: string): boolean => g.owner === phone || g.participants.includes(phone);
export const isAdmin = (g: Group, phone: string): boolean => g.owner === phone || g.admins.includes(phone);

export async function handleGroupMessage(sim: SimCore, conn: Conn, c: Companion, node: BinaryNode): Promise<void> {
  const gid = node.attrs.to ?? '';
  const id = node.attrs.id ?? '';
  const g = sim.groups.get(gid);
  await decryptParticipants(sim, c, node);
  forwardToCompanions(sim, c, node);
  let acked = false;
  let record: SentMessage | undefined;
  sendAck(sim, conn, id, gid, undefined, (sent) => {
    acked = sent;
    if (record) record.acked = sent;
  });
  const sk = getBinaryNodeChildren(node, 'enc').find((e) => e.attrs.type === 'skmsg');
  if (!g || !sk || !(sk.content instanceof Uint8Array)) return;
  let message: proto.IMessage | undefined;
  const decryptedBy: string[] = [];
  for (const phone of [g.owner, ...g.participants]) {
    const contact = sim.dir.contacts.get(phone);
    if (!contact) continue;
    try {
      const plain = await contact.device.decryptGroup(gid, companionAddr(c), sk.content);
      message = proto.Message.decode(plain);
      decryptedBy.push(phone);
    } catch (err) {
      sim.decryptFailures.push({ id, jid: `${phone}@s.whatsapp.net`, error: String(err) });
    }
  }
  if (message) {
    record = recordSent(sim, { id, from: c.account.phone, to: gid, toJid: gid, message, decryptedBy }, acked);
    if (sim.receiptMode !== 'manual') {
      setTimeout(() => {
        for (const p of decryptedBy) sendReceipt(sim, c.account, gid, id, 'delivery', memberJid(sim, g, p));
      }, 30);
    }
  }
}

/** a contact posts to a group: SKDM in a pkmsg/msg per member companion, the text in one skmsg;
 * `withholdPhone`: in a LID group, no participant_pn (WhatsApp hides the member's number) */
export async function sendToGroup(sim: SimCore, contact: Contact, g: Group, message: proto.IMessage, id: string, withholdPhone = false): Promise<void> {
  const members = [g.owner, ...g.participants];
  if (!members.includes(contact.phone)) throw new Error(`${contact.phone} is not in ${g.id}`);
  const self = `${contact.phone}.0`;
  const { skdm, ciphertext } = await contact.device.encryptGroup(g.id, self, proto.Message.encode(message).finish());
  const skdmMsg = proto.Message.encode({ senderKeyDistributionMessage: { groupId: g.id, axolotlSenderKeyDistributionMessage: skdm } }).finish();
  const mediatype = (['image', 'video', 'audio', 'sticker', 'document'] as const).find((k) => !!message[`${k}Message`]);
  const attrs = {
    from: g.id,
    participant: memberJid(sim, g, contact.phone),
    ...(g.addressing === 'pn' ? { participant_lid: `${contact.lid}@lid` } : withholdPhone ? {} : { participant_pn: `${contact.phone}@s.whatsapp.net` }),
    addressing_mode: g.addressing,
    id,
    type: mediatype ? 'media' : 'text',
    notify: contact.name,
  };
  const media: Record<string, string> = mediatype ? { mediatype } : {};
  // a device that cannot decrypt asks again (retry.ts): the phone resends the message with its
  // sender key to that device alone, in a pairwise enc
  const resend = proto.Message.encode({ ...message, senderKeyDistributionMessage: { groupId: g.id, axolotlSenderKeyDistributionMessage: skdm } }).finish();
  sim.sentByContacts.set(id, { contact, plaintext: resend, attrs, encAttrs: { v: '2', ...media } });
  for (const phone of members) {
    const account = sim.dir.accounts.get(phone);
    if (!account) continue;
    for (const comp of account.companions.values()) {
      const enc = await contact.device.encrypt(companionAddr(comp), skdmMsg, () => sim.takeBundle(comp));
      corruptIfAsked(sim, enc.ciphertext);
      sim.deliver(comp, {
        tag: 'message',
        attrs: { ...attrs, t: String(Math.floor(Date.now() / 1000)) },
        content: [
          { tag: 'enc', attrs: { v: '2', type: enc.type }, content: enc.ciphertext },
          { tag: 'enc', attrs: { v: '2', type: 'skmsg', ...media }, content: ciphertext },
        ],
      });
    }
  }
}
