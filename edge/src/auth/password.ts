import { fromBase64Url, sha256Hex, timingSafeEqual } from '../../../shared/src/crypto.js';
import type { DashboardConfig } from '../deps.js';

/** Checks the admin password against ADMIN_PASSWORD_HASH (`pbkdf2-sha256$<iterations>$<salt>$<hash>`,
 * base64url salt and hash, as `npm start` writes it) or ADMIN_PASSWORD. False when neither is set. */
export async function verifyAdminPassword(config: DashboardConfig, candidate: string): Promise<boolean> {
  if (config.adminPasswordHash) return verifyPbkdf2(config.adminPasswordHash, candidate);
  if (config.adminPassword) return timingSafeEqual(await sha256Hex(candidate), await sha256Hex(config.adminPassword));
  return false;
}

export function adminLoginEnabled(config: DashboardConfig): boolean {
  return Boolean(config.adminPasswordHash || config.adminPassword);
}

async function verifyPbkdf2(stored: string, candidate: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationsText);
  if (scheme !== 'pbkdf2-sha256' || !Number.isInteger(iterations) || iterations < 1 || !saltText || !hashText) return false;
  const expected = fromBase64Url(hashText);
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(candidate), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64Url(saltText) as BufferSource, iterations },
    key,
    expected.length * 8,
  );
  const actual = new Uint8Array(bits);
  let diff = actual.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (actual[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}
