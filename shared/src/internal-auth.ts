// Signs and verifies edge → session host calls: HMAC-SHA256 over timestamp, method, path and body
// hash with HOST_SHARED_SECRET. A signature is accepted once, within a short window.
import { hmacSha256Hex, sha256Hex, timingSafeEqual } from './crypto.js';

export const SIGNATURE_HEADER = 'x-wag-signature';
export const TIMESTAMP_HEADER = 'x-wag-timestamp';
export const SIGNATURE_WINDOW_MS = 30_000;

async function canonical(timestamp: string, method: string, path: string, body: string): Promise<string> {
  return `${timestamp}\n${method.toUpperCase()}\n${path}\n${await sha256Hex(body)}`;
}

export async function signRequest(secret: string, method: string, path: string, body: string, now = Date.now()): Promise<Record<string, string>> {
  const timestamp = String(now);
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: await hmacSha256Hex(secret, await canonical(timestamp, method, path, body)) };
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Remembers accepted signatures until they fall out of the window, so a captured call cannot be replayed. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs = SIGNATURE_WINDOW_MS) {}

  async verify(secret: string, headers: { timestamp?: string | null; signature?: string | null }, method: string, path: string, body: string, now = Date.now()): Promise<VerifyResult> {
    const { timestamp, signature } = headers;
    if (!timestamp || !signature) return { ok: false, reason: 'missing signature headers' };
    const at = Number(timestamp);
    if (!Number.isFinite(at) || Math.abs(now - at) > this.windowMs) return { ok: false, reason: 'timestamp outside the allowed window' };
    const expected = await hmacSha256Hex(secret, await canonical(timestamp, method, path, body));
    if (!timingSafeEqual(expected, signature)) return { ok: false, reason: 'bad signature' };
    for (const [sig, seenAt] of this.seen) if (now - seenAt > this.windowMs * 2) this.seen.delete(sig);
    if (this.seen.has(signature)) return { ok: false, reason: 'replayed request' };
    this.seen.set(signature, now);
    return { ok: true };
  }
}
