/**
 * WhatsApp media encryption, implemented independently of Baileys: HKDF-SHA256(mediaKey, 112,
 * "WhatsApp <Type> Keys") → iv(16) ‖ cipherKey(32) ‖ macKey(32); file = AES-256-CBC ‖
 * HMAC-SHA256(macKey, iv ‖ ciphertext)[0..10].
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const INFO: Record<string, string> = {
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  ptt: 'Audio',
  document: 'Document',
  sticker: 'Image',
};

function keys(mediaKey: Uint8Array, type: string): { iv: Buffer; cipherKey: Buffer; macKey: Buffer } {
  const info = INFO[type];
  if (!info) throw new Error(`unknown media type ${type}`);
  const out = Buffer.from(hkdfSync('sha256', mediaKey, Buffer.alloc(32), `WhatsApp ${info} Keys`, 112));
  return { iv: out.subarray(0, 16), cipherKey: out.subarray(16, 48), macKey: out.subarray(48, 80) };
}

const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

export interface EncryptedMedia {
  mediaKey: Buffer;
  file: Buffer;
  fileSha256: Buffer;
  fileEncSha256: Buffer;
  fileLength: number;
}

export function encryptMedia(plain: Uint8Array, type: string): EncryptedMedia {
  const mediaKey = randomBytes(32);
  const { iv, cipherKey, macKey } = keys(mediaKey, type);
  const c = createCipheriv('aes-256-cbc', cipherKey, iv);
  const enc = Buffer.concat([c.update(plain), c.final()]);
  const mac = createHmac('sha256', macKey).update(iv).update(enc).digest().subarray(0, 10);
  const file = Buffer.concat([enc, mac]);
  return { mediaKey, file, fileSha256: sha256(plain), fileEncSha256: sha256(file), fileLength: plain.length };
}

/** verifies the MAC (and the hashes, when given) and decrypts */
export function decryptMedia(
  file: Uint8Array,
  mediaKey: Uint8Array,
  type: string,
  expect: { fileSha256?: Uint8Array | null; fileEncSha256?: Uint8Array | null } = {},
): Buffer {
  const buf = Buffer.from(file);
  if (expect.fileEncSha256 && !sha256(buf).equals(Buffer.from(expect.fileEncSha256))) throw new Error('media fileEncSha256 mismatch');
  const { iv, cipherKey, macKey } = keys(mediaKey, type);
  const enc = buf.subarray(0, buf.length - 10);
  const mac = createHmac('sha256', macKey).update(iv).update(enc).digest().subarray(0, 10);
  if (!timingSafeEqual(mac, buf.subarray(buf.length - 10))) throw new Error('media MAC mismatch');
  const d = createDecipheriv('aes-256-cbc', cipherKey, iv);
  const plain = Buffer.concat([d.update(enc), d.final()]);
  if (expect.fileSha256 && !sha256(plain).equals(Buffer.from(expect.fileSha256))) throw new Error('media fileSha256 mismatch');
  return plain;
}
