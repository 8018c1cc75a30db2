/**
 * The account's owner types a message on the phone. WhatsApp delivers the chat partner its copy
 * and every linked device of the account a device-sent copy: a `<message>` from the account's own
 * primary device with `recipient` naming the chat, whose plaintext is
 * `deviceSentMessage { destinationJid, message }`. Baileys accepts a `recipient` only on a message
 * from itself, unwraps it and emits a `fromMe` upsert of type 'notify' for the chat.
 *
 * PN form: `from=<phone>@s.whatsapp.net recipient=<contact>@s.whatsapp.net`; LID form (as WhatsApp
 * addresses LID chats): `from=<own lid>@lid recipient=<contact lid>@lid peer_recipient_pn=<contact>`,
 * which Baileys reads into `key.remoteJidAlt`. 1:1 chats only.
 */
import { randomBytes } from 'node:crypto';
import { proto } from '@whiskeysockets/baileys';
import type { Account, Contact } from './contacts.js';
import type { SimCore } from './core.js';
import { buildMessage, companionAddr, mediaKindOf, type IncomingContent } from './messages.js';

export interface PhoneSent {
  id: string;
  /** the account (digits) and the contact (digits) it wrote to */
  from: string;
  to: string;
  message: proto.IMessage;
}

/** Sends `content` from the account's phone to `contact`; its linked devices get their copies. */
export async function sendFromPhone(
  sim: SimCore,
  account: Account,
  contact: Contact,
  content: IncomingContent,
  opts: { id?: string; addressing?: 'pn' | 'lid' } = {},
): Promise<PhoneSent> {
  const id = opts.id ?? `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
  const pnJid = `${contact.phone}@s.whatsapp.net`;
  const lid = opts.addressing === 'lid';
  const recipient = lid ? `${contact.lid}@lid` : pnJid;
  // from the phone's side "my own message" is the account's: a quote of `fromMe` names it
  const message = buildMessage(sim, content, { contactJid: `${account.phone}@s.whatsapp.net`, accountJid: recipient });
  const plain = proto.Message.encode({ deviceSentMessage: { destinationJid: recipient, message } }).finish();
  const mediatype = mediaKindOf('reply' in content ? content.reply.content : content);
  const attrs: Record<string, string> = {
    id,
    from: lid ? `${account.lid}@lid` : `${account.phone}@s.whatsapp.net`,
    recipient,
    ...(lid ? { peer_recipient_pn: pnJid, addressing_mode: 'lid' } : {}),
    type: mediatype ? 'media' : 'text',
    t: String(Math.floor(Date.now() / 1000)),
  };
  for (const comp of account.companions.values()) {
    const enc = await account.phoneDevice.encrypt(companionAddr(comp), plain, () => sim.takeBundle(comp));
    sim.deliver(comp, {
      tag: 'message',
      attrs: { ...attrs },
      content: [{ tag: 'enc', attrs: { v: '2', type: enc.type, ...(mediatype ? { mediatype } : {}) }, content: enc.ciphertext }],
    });
  }
  return { id, from: account.phone, to: contact.phone, message };
}
