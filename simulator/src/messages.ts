/**
 * Outgoing messages (client → contacts): ack, decrypt every enc for the simulated device it is
 * addressed to, decode proto.Message, record it, send receipts. Incoming (contact → client):
 * build, pad and encrypt a proto.Message to the companion's uploaded prekeys and deliver it.
 */
import { randomBytes } from 'node:crypto';
import { getBinaryNodeChild, getBinaryNodeChildren, proto, type BinaryNode } from '@whiskeysockets/baileys';
import type { Conn } from './connection.js';
import type { Account, Companion, Contact } from './contacts.js';
import type { SimCore } from './core.js';
import { buildMediaMessage, summarizeMedia, type MediaKind, type MediaSpec } from './media-messages.js';
import type { SignalDevice } from './signal-store.js';
import { groupParties, handleGroupMessage, sendToGroup } from './groups.js';
import { forwardToCompanions } from './routing.js';
import { buildRichMessage, isRichContent, withQuote, type ChatParties, type MessageRef, type RichIncomingContent } from './incoming-content.js';
import { sentContext, summarizeSentContent, type SentContentKind, type SentDetails } from './sent-content.js';
import { openSessionKey } from './identity.js';

export interface SentMessage extends SentDetails {
  /** stanza id (duplicates of a message share it) */
  id: string;
  /** sending account's phone digits */
  from: string;
  /** contact phone digits, or the group JID */
  to: string;
  /** the stanza's `to` attribute as sent */
  toJid: string;
  kind: 'text' | MediaKind | 'revoke' | 'reaction' | SentContentKind | 'other';
  text?: string;
  caption?: string;
  fileName?: string;
  mimetype?: string;
  /** decrypted media bytes, downloaded from the simulator's media server and decrypted with the media key */
  bytes?: Buffer;
  mediaError?: string;
  /** for a revoke: the id of the message deleted for everyone */
  revokedId?: string;
  /** for a reaction: the id of the message reacted to (the emoji is in `text`) */
  reactedId?: string;
  message: proto.IMessage;
  /** which simulated phones decrypted it (phone digits; the sender's own phone gets a copy too) */
  decryptedBy: string[];
  /** the recipient's Signal session with the sending device (its base key): equal for two messages = one session */
  signalSession?: string;
  /** the server acknowledged this stanza to the client (its ack went out before any end of the stream) */
  acked: boolean;
  /** an earlier stanza already brought this id from this account to this recipient: WhatsApp shows a
   * message id once, so the recipient sees nothing new (a client's resend of a message whose ack it lost) */
  repeat: boolean;
  at: number;
}

/** How an incoming 1:1 envelope names its sender: 'pn' (phone JID + sender_lid), 'lid' (LID +
 * sender_pn) or 'lid-only' (LID, no phone: WhatsApp withholds it, e.g. a contact who hides it; in
 * a LID group: no participant_pn). */
export type Addressing = 'pn' | 'lid' | 'lid-only';

export type IncomingContent =
  | { text: string }
  | { image: MediaSpec }
  | { video: MediaSpec }
  | { audio: MediaSpec }
  | { sticker: MediaSpec }
  | { document: MediaSpec & { fileName: string } }
  /** reaction, edit, revoke, location, contact cards, poll, poll vote (incoming-content.ts) */
  | RichIncomingContent
  /** any of these quoting an earlier message */
  | { reply: { to: MessageRef; content: IncomingContent } }
  /** any other message, as is */
  | { raw: proto.IMessage };

/** the libsignal address simulated devices use for a companion */
export const companionAddr = (c: Companion): string => `${c.account.phone}.${c.device}`;

/** the server's ack for a message stanza, delayed when the ack-delay fault is on (without blocking the
 * connection); `onSent` hears whether it went out */
export function sendAck(sim: SimCore, conn: Conn, id: string, to: string, error?: string, onSent?: (sent: boolean) => void): void {
  const ack = (): void => {
    const sent = conn.send({ tag: 'ack', attrs: { class: 'message', id, from: to, t: now(), ...(error ? { error } : {}) } });
    onSent?.(sent);
  };
  if (sim.ackDelayMs > 0) setTimeout(ack, sim.ackDelayMs);
  else ack();
}
const now = (): string => String(Math.floor(Date.now() / 1000));

/** `ack: false`: handled and delivered, but the ack never goes out (see faults.closeAmidSends) */
export async function handleOutgoingMessage(sim: SimCore, conn: Conn, node: BinaryNode, opts: { ack?: boolean } = {}): Promise<void> {
  const c = conn.companion;
  const id = node.attrs.id ?? '';
  const to = node.attrs.to ?? '';
  if (!c) return;
  const addressed = sim.dir.resolve(to);
  const toPhone = addressed?.kind === 'contact' ? addressed.contact.phone : addressed?.account.phone;
  const at = sim.rejectNext.findIndex((r) => r.to === undefined || r.to === toPhone);
  if (at >= 0) {
    // the server refuses the stanza: nobody gets it, the client sees status ERROR
    sendAck(sim, conn, id, to, sim.rejectNext.splice(at, 1)[0]!.code);
    return;
  }
  if (to.endsWith('@g.us')) {
    await handleGroupMessage(sim, conn, c, node);
    return;
  }
  const record = await decryptParticipants(sim, c, node);
  forwardToCompanions(sim, c, node);
  const target = sim.dir.resolve(to);
  const owner = target?.kind === 'contact' ? target.contact.phone : target?.account.phone;
  const msg = owner && owner !== c.account.phone ? record.get(owner) : undefined;
  const signalSession = msg && target?.kind === 'contact' ? await openSessionKey(target.contact.device, companionAddr(c)) : undefined;
  const sent =
    msg && owner
      ? recordSent(sim, { id, from: c.account.phone, to: owner, toJid: to, message: msg, decryptedBy: [...record.keys()], signalSession }, false)
      : undefined;
  if (opts.ack !== false) {
    sendAck(sim, conn, id, to, undefined, (acked) => {
      if (sent) sent.acked = acked;
    });
  }
  if (!target) return;
  // accounts are real clients: their own receipts are forwarded (see routing.ts)
  if (target.kind === 'contact' && sim.receiptMode !== 'manual') {
    setTimeout(() => {
      sendReceipt(sim, c.account, to, id, 'delivery');
      if (sim.receiptMode === 'auto') sendReceipt(sim, c.account, to, id, 'read');
    }, 30);
  }
}

/** decrypts each <to><enc> of a stanza for the simulated device it addresses; returns messages by owner */
export async function decryptParticipants(sim: SimCore, c: Companion, node: BinaryNode): Promise<Map<string, proto.IMessage>> {
  const out = new Map<string, proto.IMessage>();
  const groupId = (node.attrs.to ?? '').endsWith('@g.us') ? node.attrs.to : undefined;
  for (const toNode of getBinaryNodeChildren(getBinaryNodeChild(node, 'participants'), 'to')) {
    const jid = toNode.attrs.jid ?? '';
    const enc = getBinaryNodeChild(toNode, 'enc');
    const device = deviceFor(sim, jid);
    if (!enc || !device || !(enc.content instanceof Uint8Array)) continue;
    try {
      const plain = await device.store.decrypt(companionAddr(c), enc.attrs.type ?? '', enc.content);
      const msg = proto.Message.decode(plain);
      const skdm = msg.senderKeyDistributionMessage;
      if (skdm?.axolotlSenderKeyDistributionMessage && (skdm.groupId || groupId)) {
        await device.store.processSenderKey(skdm.groupId || groupId!, companionAddr(c), skdm.axolotlSenderKeyDistributionMessage);
      }
      out.set(device.owner, msg);
    } catch (err) {
      sim.log('decrypt failed for', jid, err);
      sim.decryptFailures.push({ id: node.attrs.id ?? '', jid, error: String(err) });
    }
  }
  return out;
}

/** the simulated Signal device behind a device JID (contacts' phones and accounts' phones) */
function deviceFor(sim: SimCore, jid: string): { owner: string; store: SignalDevice } | undefined {
  const who = sim.dir.resolve(jid);
  const device = Number((jid.split('@')[0] ?? '').split(':')[1] ?? 0);
  if (!who || device !== 0) return undefined;
  return who.kind === 'contact' ? { owner: who.contact.phone, store: who.contact.device } : { owner: who.account.phone, store: who.account.phoneDevice };
}

/** logs a message a recipient decrypted, marked as a repeat when it already had that id from that account */
export function recordSent(sim: SimCore, base: Omit<SentMessage, 'kind' | 'at' | 'acked' | 'repeat'>, acked: boolean): SentMessage {
  const repeat = sim.sentLog.some((m) => m.id === base.id && m.from === base.from && m.to === base.to);
  const rec = summarize(sim, { ...base, acked, repeat });
  sim.sentLog.push(rec);
  sim.changed();
  return rec;
}

function summarize(sim: SimCore, base: Omit<SentMessage, 'kind' | 'at'>): SentMessage {
  const m = base.message;
  const rec: SentMessage = { ...base, kind: 'other', at: Date.now(), ...sentContext(m) };
  const text = m.conversation ?? m.extendedTextMessage?.text;
  const media = summarizeMedia(sim, m);
  if (text != null) {
    rec.kind = 'text';
    rec.text = text;
  } else if (m.protocolMessage?.type === proto.Message.ProtocolMessage.Type.REVOKE) {
    rec.kind = 'revoke';
    rec.revokedId = m.protocolMessage.key?.id ?? undefined;
  } else if (m.reactionMessage) {
    rec.kind = 'reaction';
    rec.text = m.reactionMessage.text ?? '';
    rec.reactedId = m.reactionMessage.key?.id ?? undefined;
  } else if (media) {
    Object.assign(rec, media);
  } else {
    Object.assign(rec, summarizeSentContent(m));
  }
  return rec;
}

/** a receipt from a contact (or group participant) about a message the account sent */
export function sendReceipt(sim: SimCore, account: Account, chatJid: string, id: string, type: 'delivery' | 'read', participant?: string): void {
  const attrs: Record<string, string> = { id, from: chatJid, t: now() };
  if (type === 'read') attrs.type = 'read';
  if (participant) attrs.participant = participant;
  for (const comp of account.companions.values()) sim.deliver(comp, { tag: 'receipt', attrs: { ...attrs } });
}

/** a contact sends a message to an account: encrypted to each of its companions and delivered */
export async function sendFrom(
  sim: SimCore,
  contact: Contact,
  account: Account | undefined,
  content: IncomingContent,
  opts: { id?: string; addressing?: Addressing; group?: string } = {},
): Promise<string> {
  const id = opts.id ?? `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
  const g = opts.group ? sim.groups.get(opts.group) : undefined;
  if (opts.group && !g) throw new Error(`unknown group ${opts.group}`);
  const parties: ChatParties = g
    ? groupParties(sim, g, contact)
    : {
        contactJid: opts.addressing === 'lid' ? `${contact.lid}@lid` : `${contact.phone}@s.whatsapp.net`,
        accountJid: `${account?.phone}@s.whatsapp.net`,
      };
  const message = buildMessage(sim, content, parties);
  if (g) {
    await sendToGroup(sim, contact, g, message, id, opts.addressing === 'lid-only');
    return id;
  }
  const bytes = proto.Message.encode(message).finish();
  const mediatype = mediaKindOf('reply' in content ? content.reply.content : content);
  const pnJid = `${contact.phone}@s.whatsapp.net`;
  const lidJid = `${contact.lid}@lid`;
  const attrs: Record<string, string> =
    opts.addressing === 'lid'
      ? { from: lidJid, sender_pn: pnJid, addressing_mode: 'lid' }
      : opts.addressing === 'lid-only'
        ? { from: lidJid, addressing_mode: 'lid' }
        : { from: pnJid, sender_lid: lidJid };
  if (!account) throw new Error('sendFrom: no account to deliver to');
  const stanzaAttrs = { ...attrs, id, type: mediatype ? 'media' : 'text', notify: contact.name };
  const encAttrs: Record<string, string> = { v: '2', ...(mediatype ? { mediatype } : {}) };
  sim.sentByContacts.set(id, { contact, plaintext: bytes, attrs: stanzaAttrs, encAttrs });
  for (const comp of account.companions.values()) {
    const enc = await contact.device.encrypt(companionAddr(comp), bytes, () => sim.takeBundle(comp));
    corruptIfAsked(sim, enc.ciphertext);
    sim.deliver(comp, {
      tag: 'message',
      attrs: { ...stanzaAttrs, t: now() },
      content: [{ tag: 'enc', attrs: { ...encAttrs, type: enc.type }, content: enc.ciphertext }],
    });
  }
  return id;
}

/** the corrupt-next fault: breaks the MAC, so the client cannot decrypt and asks for a retry */
export function corruptIfAsked(sim: SimCore, ciphertext: Uint8Array): void {
  if (sim.corruptNext <= 0) return;
  sim.corruptNext--;
  ciphertext[ciphertext.length - 3]! ^= 0xff;
}

export function buildMessage(sim: SimCore, content: IncomingContent, parties: ChatParties): proto.IMessage {
  if ('text' in content) return { conversation: content.text };
  if ('raw' in content) return content.raw;
  if ('reply' in content) return withQuote(buildMessage(sim, content.reply.content, parties), content.reply.to, parties);
  if (isRichContent(content)) return buildRichMessage(content, parties);
  const kind = mediaKindOf(content)!;
  return buildMediaMessage(sim, kind, (content as Record<MediaKind, MediaSpec>)[kind]);
}

export const mediaKindOf = (content: IncomingContent): MediaKind | undefined =>
  (['image', 'video', 'audio', 'sticker', 'document'] as const).find((k) => k in content);
