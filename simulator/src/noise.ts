/**
 * Noise_XX_25519_AESGCM_SHA256 responder, as WhatsApp's server plays it.
 * h = ck = the 32-byte protocol name; intro and client ephemeral are mixed into h; one shared
 * nonce counter per handshake key; after the handshake, split into two transport keys.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync } from 'node:crypto';
import { Curve, proto } from '@whiskeysockets/baileys';
import { WA_INTRO } from './frames.js';

const NOISE_MODE = Buffer.from('Noise_XX_25519_AESGCM_SHA256\0\0\0\0');

export interface KeyPair {
  private: Buffer;
  public: Buffer;
}

function iv(counter: number): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt32BE(counter, 8);
  return out;
}

export function gcmEncrypt(key: Buffer, counter: number, plaintext: Uint8Array, aad: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', key, iv(counter));
  c.setAAD(aad);
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

export function gcmDecrypt(key: Buffer, counter: number, ciphertext: Uint8Array, aad: Buffer): Buffer {
  const buf = Buffer.from(ciphertext);
  const d = createDecipheriv('aes-256-gcm', key, iv(counter));
  d.setAAD(aad);
  d.setAuthTag(buf.subarray(buf.length - 16));
  return Buffer.concat([d.update(buf.subarray(0, buf.length - 16)), d.final()]);
}

function hkdf64(ikm: Uint8Array, salt: Buffer): [Buffer, Buffer] {
  const out = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.alloc(0), 64));
  return [out.subarray(0, 32), out.subarray(32)];
}

export class NoiseResponder {
  private h: Buffer = NOISE_MODE;
  private ck: Buffer = NOISE_MODE;
  private key: Buffer = NOISE_MODE;
  private counter = 0;
  private readonly ephemeral: KeyPair = Curve.generateKeyPair() as KeyPair;
  private sendKey?: Buffer;
  private recvKey?: Buffer;
  private sendCounter = 0;
  private recvCounter = 0;

  constructor(
    private readonly serverStatic: KeyPair,
    private readonly certChain: Uint8Array,
  ) {
    this.mixHash(WA_INTRO);
  }

  get ready(): boolean {
    return !!this.sendKey;
  }

  private mixHash(data: Uint8Array): void {
    this.h = createHash('sha256').update(this.h).update(data).digest();
  }

  private mixKey(ikm: Uint8Array): void {
    const [ck, key] = hkdf64(ikm, this.ck);
    this.ck = ck;
    this.key = key;
    this.counter = 0;
  }

  private encryptHs(plaintext: Uint8Array): Buffer {
    const ct = gcmEncrypt(this.key, this.counter++, plaintext, this.h);
    this.mixHash(ct);
    return ct;
  }

  private decryptHs(ciphertext: Uint8Array): Buffer {
    const pt = gcmDecrypt(this.key, this.counter++, ciphertext, this.h);
    this.mixHash(ciphertext);
    return pt;
  }

  /** takes the client's HandshakeMessage{clientHello}, returns the serverHello frame payload */
  serverHello(frame: Uint8Array): Buffer {
    const hello = proto.HandshakeMessage.decode(frame);
    const clientEphemeral = hello.clientHello?.ephemeral;
    if (clientEphemeral?.length !== 32) throw new Error('missing client ephemeral');
    this.clientEphemeral = Buffer.from(clientEphemeral);
    this.mixHash(this.clientEphemeral);
    this.mixHash(this.ephemeral.public);
    this.mixKey(Curve.sharedKey(this.ephemeral.private, this.clientEphemeral));
    const staticEnc = this.encryptHs(this.serverStatic.public);
    this.mixKey(Curve.sharedKey(this.serverStatic.private, this.clientEphemeral));
    const payloadEnc = this.encryptHs(this.certChain);
    return Buffer.from(
      proto.HandshakeMessage.encode({
        serverHello: { ephemeral: this.ephemeral.public, static: staticEnc, payload: payloadEnc },
      }).finish(),
    );
  }

  private clientEphemeral?: Buffer;

  /** takes HandshakeMessage{clientFinish}; returns the client's static (noise) key and payload */
  clientFinish(frame: Uint8Array): { clientStatic: Buffer; payload: proto.ClientPayload } {
    const msg = proto.HandshakeMessage.decode(frame);
    const fin = msg.clientFinish;
    if (!fin?.static || !fin.payload) throw new Error('missing clientFinish');
    const clientStatic = this.decryptHs(fin.static);
    this.mixKey(Curve.sharedKey(this.ephemeral.private, clientStatic));
    const payload = proto.ClientPayload.decode(this.decryptHs(fin.payload));
    const [c2s, s2c] = hkdf64(Buffer.alloc(0), this.ck);
    this.recvKey = c2s;
    this.sendKey = s2c;
    return { clientStatic, payload };
  }

  encrypt(plaintext: Uint8Array): Buffer {
    if (!this.sendKey) throw new Error('noise transport not ready');
    return gcmEncrypt(this.sendKey, this.sendCounter++, plaintext, Buffer.alloc(0));
  }

  decrypt(ciphertext: Uint8Array): Buffer {
    if (!this.recvKey) throw new Error('noise transport not ready');
    return gcmDecrypt(this.recvKey, this.recvCounter++, ciphertext, Buffer.alloc(0));
  }
}
