import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import {
  checkSignatureHeaders,
  MAX_INTERNAL_BODY_BYTES,
  SIGNATURE_HEADER,
  NONCE_HEADER,
  TIMESTAMP_HEADER,
  verifyCallSignature,
} from '../../../shared/src/internal-auth.js';
import type { SeenSignatures } from './seen-signatures.js';

const unauthorized = (c: Context, reason: string) => c.json({ status: 'error', message: `Unauthorized internal call: ${reason}` }, 401);

/** Accepts only calls the edge signed with HOST_SHARED_SECRET for this host, each at most once.
 * Missing or stale headers are refused before a byte of the body is read, and the body is read
 * only up to MAX_INTERNAL_BODY_BYTES (413 past it), so an unauthenticated caller costs nothing. */
export function verifySignature(options: { secret: string; hostId: string; seen: SeenSignatures; clock?: () => number }) {
  const clock = options.clock ?? Date.now;
  const headersOf = (c: Context) => ({
    timestamp: c.req.header(TIMESTAMP_HEADER) ?? '',
    nonce: c.req.header(NONCE_HEADER) ?? '',
    signature: c.req.header(SIGNATURE_HEADER) ?? '',
  });
  return every(
    createMiddleware(async (c, next) => {
      const early = checkSignatureHeaders(headersOf(c), clock());
      if (!early.ok) return unauthorized(c, early.reason);
      await next();
    }),
    bodyLimit({
      maxSize: MAX_INTERNAL_BODY_BYTES,
      onError: (c) => c.json({ status: 'error', message: `Internal call body over ${MAX_INTERNAL_BODY_BYTES} bytes` }, 413),
    }),
    createMiddleware(async (c, next) => {
      const url = new URL(c.req.url);
      const headers = headersOf(c);
      const call = { method: c.req.method, path: url.pathname + url.search, targetHostId: options.hostId, body: await c.req.text() };
      const result = await verifyCallSignature(options.secret, headers, call);
      if (!result.ok) return unauthorized(c, result.reason);
      if (!(await options.seen.firstUse(headers.signature, Number(headers.timestamp), clock()))) return unauthorized(c, 'replayed request');
      await next();
    }),
  );
}
