/**
 * Retry receipts: when the client cannot decrypt a message a contact sent, it answers
 * `<receipt type='retry'>` (with a fresh prekey bundle from the second try on). The contact
 * re-encrypts the same message — on a new session when keys are included — and it is resent.
 */
import { extractE2ESessionFromRetryReceipt, type BinaryNode } from '@whiskeysockets/baileys';
import type { Companion, Contact } from './contacts.js';
import type { SimCore } from './core.js';
import type { PreKeyBundle } from './signal-store.js';

export interface SentByContact {
  contact: Contact;
  plaintext: Uint8Array;
  /** the stanza as delivered, without its enc */
  attrs: Record<string, string>;
  encAttrs: Record<string, string>;
}

export async function handleRetryReceipt(sim: SimCore, comp: Companion, receipt: BinaryNode): Promise<void> {
  const id = receipt.attrs.id ?? '';
  const orig = sim.sentByContacts.get(id);
  if (!orig) return;
  sim.retries.push({ id, count: Number(receipt.content && Array.isArray(receipt.content) ? (receipt.content[0] as BinaryNode).attrs.count : 1) });
  const peer = `${comp.account.phone}.${comp.device}`;
  const keys = extractE2ESessionFromRetryReceipt(receipt);
  let bundle: PreKeyBundle | undefined;
  if (keys) {
    bundle = {
      registrationId: keys.registrationId,
      identityKey: Buffer.from(keys.identityKey),
      signedPreKey: {
        keyId: keys.signedPreKey.keyId,
        publicKey: Buffer.from(keys.signedPreKey.publicKey),
        signature: Buffer.from(keys.signedPreKey.signature),
      },
      preKey: keys.preKey ? { keyId: keys.preKey.keyId, publicKey: Buffer.from(keys.preKey.publicKey) } : undefined,
    };
    orig.contact.device.deleteSession(peer);
  }
  const enc = await orig.contact.device.encrypt(peer, orig.plaintext, () => bundle);
  sim.deliver(comp, {
    tag: 'message',
    attrs: { ...orig.attrs, t: String(Math.floor(Date.now() / 1000)) },
    content: [{ tag: 'enc', attrs: { ...orig.encAttrs, type: enc.type }, content: enc.ciphertext }],
  });
}
