// The admin password's stored form, `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url salt and
// hash): written by `npm start` (Node) and checked by the edge (workerd), both with Web Crypto.
import { fromBase64Url, toBase64Url } from '../crypto.js';

/** PBKDF2 rounds (workerd's Web Crypto allows at most 100,000). */
export const PASSWORD_PBKDF2_ITERATIONS = 100_000;
const HASH_BYTES = 32;

async function pbkdf2(password: string, salt: Uint8Array, iterations: number, bytes: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, bytes * 8);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, salt: Uint8Array = crypto.getRandomValues(new Uint8Array(16))): Promise<string> {
  const hash = await pbkdf2(password, salt, PASSWORD_PBKDF2_ITERATIONS, HASH_BYTES);
  return `pbkdf2-sha256$${PASSWORD_PBKDF2_ITERATIONS}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

/** True when `candidate` is the password `stored` was made from; false for any malformed `stored`. */
export async function verifyPasswordHash(stored: string, candidate: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationsText);
  if (scheme !== 'pbkdf2-sha256' || !Number.isInteger(iterations) || iterations < 1 || iterations > PASSWORD_PBKDF2_ITERATIONS || !saltText || !hashText) {
    return false;
  }
  const expected = fromBase64Url(hashText);
  const actual = await pbkdf2(candidate, fromBase64Url(saltText), iterations, expected.length);
  let diff = actual.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (actual[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}
