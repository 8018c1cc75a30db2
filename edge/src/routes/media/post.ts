import { createRoute } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import type { MediaType } from '../../../../shared/src/api/media.js';
import { media } from '../../../../shared/src/db/schema.js';
import type { AppEnv } from '../../app-env.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { MAX_MEDIA_BYTES, MEDIA_TYPES, UploadMediaForm, UploadMediaResponse } from './schema.js';
import { sniffMediaTypes } from './sniff.js';
import { callerOnly } from '../caller.js';

const TOO_LARGE = 'File too large. Maximum size is 25MB.';
/** Room for the multipart framing around a file of the maximum size. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** Runs before the form is parsed, so an oversized body is never buffered: a declared length over
 * the limit is refused at once, and a body without one is counted while it streams. */
const limitUploadSize = createMiddleware<AppEnv>(async (c, next) => {
  requirePrincipal(c);
  const limit = MAX_MEDIA_BYTES + FORM_OVERHEAD_BYTES;
  if (Number(c.req.header('content-length') ?? 0) > limit) throw new ApiError(413, TOO_LARGE);
  const body = c.req.raw.body;
  if (!body) return next();
  let received = 0;
  let exceeded = false;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > limit) {
          exceeded = true;
          controller.error(new ApiError(413, TOO_LARGE));
        } else controller.enqueue(chunk);
      },
    }),
  );
  c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
  await next();
  // The form parser reports a broken stream as a malformed body; the truth is that it was too large.
  if (exceeded) c.res = c.json({ status: 'error', message: TOO_LARGE }, 413);
});

const route = createRoute({
  method: 'post',
  path: '/media',
  tags: ['Media'],
  summary: 'Upload media',
  description: 'The type is checked from the file bytes as well as the declared type. Use the mediaId in POST /messages.',
  ...callerOnly({ maxBodyBytes: 'own' }),
  middleware: [limitUploadSize] as const,
  request: { body: { content: { 'multipart/form-data': { schema: UploadMediaForm } }, required: true } },
  responses: { 201: jsonContent(UploadMediaResponse, 'Stored'), ...errorResponses(400, 401, 413) },
});

export function registerPostMedia(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { file } = c.req.valid('form');
    const declared = file.type.split(';')[0]!.trim().toLowerCase() as MediaType;
    if (!Object.hasOwn(MEDIA_TYPES, declared)) throw new ApiError(400, 'Invalid file type. Only JPEG, PNG, GIF, WebP, PDF, Word, and Excel allowed.');
    if (file.size > MAX_MEDIA_BYTES) throw new ApiError(413, TOO_LARGE);
    if (file.size === 0) throw new ApiError(400, 'file is empty.');
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!sniffMediaTypes(bytes).includes(declared)) {
      throw new ApiError(400, `File content does not match its declared type ${declared}. Only JPEG, PNG, GIF, WebP, PDF, Word, and Excel allowed.`);
    }
    const { db, media: store } = c.var.deps;
    const mediaId = `${crypto.randomUUID()}.${MEDIA_TYPES[declared]}`;
    await store.put(mediaId, bytes, declared);
    await db.insert(media).values({
      id: mediaId,
      sessionId: principal.kind === 'session' ? principal.sessionId : null,
      mimetype: declared,
      size: bytes.byteLength,
      originalName: file.name || null,
    });
    return c.json({ status: 'success' as const, message: 'File uploaded successfully.', mediaId, url: `/media/${mediaId}` }, 201);
  });
}
