/**
 * Who exists on the simulated WhatsApp: accounts (phones that pair companions, i.e. gateway
 * sessions) and contacts (other people). Everyone is known by phone digits and has a LID.
 */
import { randomInt } from 'node:crypto';
import { SignalDevice, type PreKeyBundle } from './signal-store.js';

export interface Contact {
  phone: string;
  lid: string;
  name: string;
  /** false: "not on WhatsApp" (usync answers contact type='out', no devices) */
  onWhatsApp: boolean;
  device: SignalDevice;
}

/** a linked device (the gateway's Baileys session) as registered at pairing */
export interface Companion {
  account: Account;
  device: number;
  keyIndex: number;
  noiseKey: Buffer;
  identityKey: Buffer;
  registrationId: number;
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  /** one-time prekeys uploaded by the client and not yet handed out */
  preKeys: Map<number, Buffer>;
  platform: string;
}

export interface Account {
  phone: string;
  lid: string;
  name: string;
  /** the account's phone; its identity key is the ADV account signature key */
  phoneDevice: SignalDevice;
  companions: Map<number, Companion>;
  nextDevice: number;
}

const newLid = (): string => String(randomInt(100000, 999999)) + String(randomInt(100000000, 999999999));

export class Directory {
  readonly contacts = new Map<string, Contact>();
  readonly accounts = new Map<string, Account>();

  addContact(phone: string, opts: { name?: string; lid?: string } = {}): Contact {
    const digits = phone.replace(/\D/g, '');
    const existing = this.contacts.get(digits);
    if (existing) {
      existing.onWhatsApp = true;
      return existing;
    }
    const c: Contact = {
      phone: digits,
      lid: opts.lid ?? newLid(),
      name: opts.name ?? `Contact ${digits.slice(-4)}`,
      onWhatsApp: true,
      device: new SignalDevice(),
    };
    this.contacts.set(digits, c);
    return c;
  }

  account(phone: string, name?: string): Account {
    const digits = phone.replace(/\D/g, '');
    let a = this.accounts.get(digits);
    if (!a) {
      a = { phone: digits, lid: newLid(), name: name ?? `Account ${digits.slice(-4)}`, phoneDevice: new SignalDevice(), companions: new Map(), nextDevice: 1 };
      this.accounts.set(digits, a);
    }
    return a;
  }

  /** finds whoever a JID's user part names (phone or LID, any device suffix) */
  resolve(jid: string): { kind: 'contact'; contact: Contact } | { kind: 'account'; account: Account } | undefined {
    const [userPart, server] = jid.split('@');
    const user = (userPart ?? '').split(':')[0]!.split('_')[0]!;
    const isLid = server === 'lid';
    for (const c of this.contacts.values()) {
      if ((isLid ? c.lid : c.phone) === user) return { kind: 'contact', contact: c };
    }
    for (const a of this.accounts.values()) {
      if ((isLid ? a.lid : a.phone) === user) return { kind: 'account', account: a };
    }
    return undefined;
  }

  contact(phoneOrJid: string): Contact {
    const r = phoneOrJid.includes('@') ? this.resolve(phoneOrJid) : { kind: 'contact' as const, contact: this.contacts.get(phoneOrJid.replace(/\D/g, ''))! };
    if (r?.kind !== 'contact' || !r.contact) throw new Error(`unknown contact ${phoneOrJid}`);
    return r.contact;
  }

  findCompanionByNoiseKey(noiseKey: Buffer): Companion | undefined {
    for (const a of this.accounts.values()) {
      for (const c of a.companions.values()) if (c.noiseKey.equals(noiseKey)) return c;
    }
    return undefined;
  }
}

/** hands out a prekey bundle for a companion, consuming one uploaded one-time prekey */
export function companionBundle(c: Companion): PreKeyBundle {
  const first = c.preKeys.entries().next();
  let preKey: PreKeyBundle['preKey'];
  if (!first.done) {
    const [keyId, publicKey] = first.value;
    c.preKeys.delete(keyId);
    preKey = { keyId, publicKey };
  }
  return { registrationId: c.registrationId, identityKey: c.identityKey, signedPreKey: c.signedPreKey, preKey };
}
