// Signs and verifies edge → session host calls: HMAC-SHA256 with HOST_SHARED_SECRET over the
// timestamp, method, path, the id of the host the call is meant for, and the body's hash. A call
// signed for one host is refused by every other (they share the secret); a signature is accepted
// once, within a short window (the host keeps the ones it has seen in libSQL). A random nonce
// makes two identical calls in the same millisecond (workerd's clock stands still within a
// request) two signatures, so the second is not taken for a replay of the first.
import { hmacSha256Hex, sha256Hex, timingSafeEqual } from './crypto.js';

export const SIGNATURE_HEADER = 'x-wag-signature';
export const TIMESTAMP_HEADER = 'x-wag-timestamp';
export const NONCE_HEADER = 'x-wag-nonce';
export const SIGNATURE_WINDOW_MS = 30_000;
/** Internal calls carry small JSON commands; anything larger is refused unread. */
export const MAX_INTERNAL_BODY_BYTES = 64 * 1024;

export interface InternalCall {
  method: string;
  path: string;
  /** HOST_ID of the host that is to act on the call. */
  targetHostId: string;
  body: string;
}

async function canonical(timestamp: string, nonce: string, call: InternalCall): Promise<string> {
  return `${timestamp}\n${nonce}\n${call.method.toUpperCase()}\n${call.path}\n${call.targetHostId}\n${await sha256Hex(call.body)}`;
}

export async function signRequest(secret: string, call: InternalCall, now = Date.now()): Promise<Record<string, string>> {
  const timestamp = String(now);
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return { [TIMESTAMP_HEADER]: timestamp, [NONCE_HEADER]: nonce, [SIGNATURE_HEADER]: await hmacSha256Hex(secret, await canonical(timestamp, nonce, call)) };
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };
export interface SignatureHeaders {
  timestamp?: string | null;
  nonce?: string | null;
  signature?: string | null;
}

/** What can be checked before the body is read: both headers there, the timestamp in the window. */
export function checkSignatureHeaders(headers: SignatureHeaders, now = Date.now(), windowMs = SIGNATURE_WINDOW_MS): VerifyResult {
  if (!headers.timestamp || !headers.nonce || !headers.signature) return { ok: false, reason: 'missing signature headers' };
  const at = Number(headers.timestamp);
  if (!Number.isFinite(at) || Math.abs(now - at) > windowMs) return { ok: false, reason: 'timestamp outside the allowed window' };
  return { ok: true };
}

/** The signature over the call, for a timestamp already checked by checkSignatureHeaders. */
export async function verifyCallSignature(secret: string, headers: Required<SignatureHeaders>, call: InternalCall): Promise<VerifyResult> {
  const expected = await hmacSha256Hex(secret, await canonical(headers.timestamp!, headers.nonce!, call));
  return timingSafeEqual(expected, headers.signature!) ? { ok: true } : { ok: false, reason: 'bad signature' };
}
