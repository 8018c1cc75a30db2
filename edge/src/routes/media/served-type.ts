// How stored media is served. Incoming media's type is chosen by whoever sent it, so only types a
// browser renders without running script are served inline (as their base type, parameters
// dropped); everything else (SVG, HTML, XML, unknown) is a download of opaque bytes.
import { createMiddleware } from 'hono/factory';
import { baseContentType } from '../../../../shared/src/content-type.js';

const INLINE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'audio/amr',
  'video/mp4',
  'video/3gpp',
  'application/pdf',
]);

/** Sent with every `/media` answer, errors included: nothing served from there may run or load anything. */
export const MEDIA_SANDBOX_HEADERS = {
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
} as const;

/** Content-Type and Content-Disposition for an object stored under `contentType`. */
export function servedType(contentType: string, mediaId: string): { 'content-type': string; 'content-disposition': string } {
  const base = baseContentType(contentType);
  if (INLINE_TYPES.has(base)) return { 'content-type': base, 'content-disposition': 'inline' };
  // mediaId is `<uuid>.<ext>` (validated), so it is safe inside the quoted filename.
  return { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${mediaId}"` };
}

/** Middleware: the sandbox headers on whatever a `/media` route answered, errors included. */
export const mediaSandbox = createMiddleware(async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(MEDIA_SANDBOX_HEADERS)) c.res.headers.set(name, value);
});
