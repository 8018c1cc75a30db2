/**
 * A simulated Signal device (a contact's phone, or the account's own phone): libsignal identity,
 * signed prekey, one-time prekeys, 1:1 sessions and group sender keys, all in memory.
 * It decrypts what the gateway sends and encrypts what the contact sends back.
 */
import { randomBytes, randomInt } from 'node:crypto';
import * as libsignal from 'libsignal';
import * as curve from 'libsignal/src/curve.js';
import {
  GroupCipher,
  GroupSessionBuilder,
  SenderKeyDistributionMessage,
  SenderKeyName,
  SenderKeyRecord,
} from '@whiskeysockets/baileys/lib/Signal/Group/index.js';

interface SignalKeyPair {
  pubKey: Buffer; // 33 bytes, 0x05 prefix
  privKey: Buffer;
}

function keyPair(): SignalKeyPair {
  const kp = curve.generateKeyPair();
  return { pubKey: Buffer.from(kp.pubKey), privKey: Buffer.from(kp.privKey) };
}

/** a public prekey bundle, as served by `iq encrypt get key` */
export interface PreKeyBundle {
  registrationId: number;
  identityKey: Buffer; // 32 bytes, no prefix
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  preKey?: { keyId: number; publicKey: Buffer };
}

/** strips Signal/WhatsApp random padding (n bytes of value n) */
export function unpad(data: Uint8Array): Buffer {
  const buf = Buffer.from(data);
  const n = buf[buf.length - 1] ?? 0;
  if (n === 0 || n > 16 || n > buf.length) throw new Error('bad message padding');
  return buf.subarray(0, buf.length - n);
}

/** adds 1..16 bytes of padding, as WhatsApp clients do */
export function pad(data: Uint8Array): Buffer {
  const n = 1 + randomInt(16);
  return Buffer.concat([Buffer.from(data), Buffer.alloc(n, n)]);
}

export class SignalDevice implements libsignal.SignalStorage {
  readonly registrationId = randomInt(1, 16380);
  readonly identity: SignalKeyPair;
  readonly signedPreKey: { keyId: number; keyPair: SignalKeyPair; signature: Buffer };
  private readonly preKeys = new Map<number, SignalKeyPair>();
  private nextPreKeyId = randomInt(1, 1000);
  private readonly sessions = new Map<string, Uint8Array>();
  private readonly senderKeys = new Map<string, Buffer>();

  constructor() {
    this.identity = keyPair();
    const spk = keyPair();
    this.signedPreKey = {
      keyId: randomInt(1, 1 << 20),
      keyPair: spk,
      signature: Buffer.from(curve.calculateSignature(this.identity.privKey, spk.pubKey)),
    };
  }

  /** a fresh bundle with a new one-time prekey (each fetch consumes one) */
  bundle(): PreKeyBundle {
    const id = this.nextPreKeyId++;
    const pk = keyPair();
    this.preKeys.set(id, pk);
    return {
      registrationId: this.registrationId,
      identityKey: this.identity.pubKey.subarray(1),
      signedPreKey: {
        keyId: this.signedPreKey.keyId,
        publicKey: this.signedPreKey.keyPair.pubKey.subarray(1),
        signature: this.signedPreKey.signature,
      },
      preKey: { keyId: id, publicKey: pk.pubKey.subarray(1) },
    };
  }

  // ---- libsignal storage ----
  async loadSession(id: string): Promise<libsignal.SessionRecord | undefined> {
    const s = this.sessions.get(id);
    return s ? libsignal.SessionRecord.deserialize(s) : undefined;
  }
  async storeSession(id: string, session: libsignal.SessionRecord): Promise<void> {
    this.sessions.set(id, session.serialize());
  }
  isTrustedIdentity(): boolean {
    return true;
  }
  async loadPreKey(id: number | string): Promise<{ privKey: Buffer; pubKey: Buffer } | undefined> {
    return this.preKeys.get(Number(id));
  }
  removePreKey(id: number): void {
    this.preKeys.delete(Number(id));
  }
  loadSignedPreKey(): { privKey: Buffer; pubKey: Buffer } {
    return this.signedPreKey.keyPair;
  }
  getOurRegistrationId(): number {
    return this.registrationId;
  }
  getOurIdentity(): { privKey: Buffer; pubKey: Buffer } {
    return this.identity;
  }
  async loadSenderKey(name: SenderKeyName): Promise<SenderKeyRecord> {
    const raw = this.senderKeys.get(name.toString());
    return raw ? SenderKeyRecord.deserialize(raw) : new SenderKeyRecord();
  }
  async storeSenderKey(name: SenderKeyName, record: SenderKeyRecord): Promise<void> {
    this.senderKeys.set(name.toString(), Buffer.from(JSON.stringify(record.serialize())));
  }

  // ---- 1:1 ----
  hasSession(addr: string): boolean {
    return this.sessions.has(addr);
  }

  deleteSession(peer: string): void {
    const [name, dev] = splitAddr(peer);
    this.sessions.delete(new libsignal.ProtocolAddress(name, dev).toString());
  }

  /** decrypts a pkmsg/msg from `peer` (any stable address string, e.g. "<user>.<device>") */
  async decrypt(peer: string, type: string, ciphertext: Uint8Array): Promise<Buffer> {
    const [name, dev] = splitAddr(peer);
    const cipher = new libsignal.SessionCipher(this, new libsignal.ProtocolAddress(name, dev));
    const out =
      type === 'pkmsg' ? await cipher.decryptPreKeyWhisperMessage(Buffer.from(ciphertext)) : await cipher.decryptWhisperMessage(Buffer.from(ciphertext));
    return unpad(out);
  }

  /** encrypts to `peer`; `bundle` is used to start a session when there is none */
  async encrypt(peer: string, plaintext: Uint8Array, bundle?: () => PreKeyBundle | undefined): Promise<{ type: 'pkmsg' | 'msg'; ciphertext: Buffer }> {
    const [name, dev] = splitAddr(peer);
    const addr = new libsignal.ProtocolAddress(name, dev);
    if (!this.hasSession(addr.toString())) {
      const b = bundle?.();
      if (!b) throw new Error(`no session with ${peer} and no prekey bundle`);
      await new libsignal.SessionBuilder(this, addr).initOutgoing({
        registrationId: b.registrationId,
        identityKey: prefix(b.identityKey),
        signedPreKey: { keyId: b.signedPreKey.keyId, publicKey: prefix(b.signedPreKey.publicKey), signature: b.signedPreKey.signature },
        preKey: b.preKey ? { keyId: b.preKey.keyId, publicKey: prefix(b.preKey.publicKey) } : (undefined as never),
      });
    }
    const { type, body } = await new libsignal.SessionCipher(this, addr).encrypt(pad(plaintext));
    return { type: type === 3 ? 'pkmsg' : 'msg', ciphertext: Buffer.from(body, 'binary') };
  }

  // ---- groups ----
  async processSenderKey(groupId: string, sender: string, skdm: Uint8Array): Promise<void> {
    const name = senderKeyName(groupId, sender);
    const msg = new SenderKeyDistributionMessage(null, null, null, null, Buffer.from(skdm));
    await new GroupSessionBuilder(this).process(name, msg);
  }

  /** encrypts as a group sender; returns the SenderKeyDistributionMessage to hand out and the skmsg */
  async encryptGroup(groupId: string, self: string, plaintext: Uint8Array): Promise<{ skdm: Buffer; ciphertext: Buffer }> {
    const name = senderKeyName(groupId, self);
    const skdm = await new GroupSessionBuilder(this).create(name);
    const ciphertext = await new GroupCipher(this, name).encrypt(pad(plaintext));
    return { skdm: Buffer.from(skdm.serialize()), ciphertext: Buffer.from(ciphertext) };
  }

  async decryptGroup(groupId: string, sender: string, ciphertext: Uint8Array): Promise<Buffer> {
    const out = await new GroupCipher(this, senderKeyName(groupId, sender)).decrypt(Buffer.from(ciphertext));
    return unpad(out);
  }
}

function prefix(key: Buffer): Buffer {
  return key.length === 33 ? key : Buffer.concat([Buffer.from([5]), key]);
}

function splitAddr(peer: string): [string, number] {
  const i = peer.lastIndexOf('.');
  return i < 0 ? [peer, 0] : [peer.slice(0, i), Number(peer.slice(i + 1))];
}

function senderKeyName(groupId: string, sender: string): SenderKeyName {
  const [name, dev] = splitAddr(sender);
  return new SenderKeyName(groupId, { id: name, deviceId: dev, toString: () => `${name}.${dev}` });
}

export const randomId = (bytes = 8): string => randomBytes(bytes).toString('hex').toUpperCase();
