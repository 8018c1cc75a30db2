import { createRoute, z } from '@hono/zod-openapi';
import type { MediaType } from '../../../../shared/src/api/media.js';
import { baseContentType } from '../../../../shared/src/content-type.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { callerStreaming } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { keepTail, readPrefix, withDeclaredLength } from './exact-length-body.js';
import { newMediaId, recordUpload } from './record-upload.js';
import { ALLOWED_TYPES, MAX_DOCUMENT_BYTES, MEDIA_TYPES, maxUploadBytes, megabytes, StreamedFileName, UploadMediaResponse } from './schema.js';
import { isZip, officeTypeOf, sniffMediaTypes } from './sniff.js';
import { zipEntryNames } from './zip-entries.js';

/** Enough for every signature sniffMediaTypes reads at the start of a file. */
const SNIFF_BYTES = 4096;
/** Told apart only by the ZIP central directory at the end of the file, which arrives last: the
 * upload is stored while its end is kept, and removed again if that end is not theirs. */
const OFFICE_ZIP_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);
/** The end record with its longest comment, and a central directory of up to 1 MB (about 10,000
 * parts, more than Office writes). */
const OFFICE_TAIL_BYTES = 22 + 0xffff + 1024 * 1024;
const mismatch = (declared: MediaType) => `File content does not match its declared type ${declared}. ${ALLOWED_TYPES}`;

const binary = z.string().openapi({ format: 'binary' });
const route = createRoute({
  method: 'put',
  path: '/media/{fileName}',
  tags: ['Media'],
  summary: 'Upload a large file (streamed)',
  description:
    'The raw file is the body, its type the Content-Type, and Content-Length is required (411 without). ' +
    'Stored as it arrives, so documents may reach WhatsApp’s 100 MB; images 5 MB, video and audio 16 MB. ' +
    'The type is checked from the first bytes (.docx/.xlsx: from the ZIP directory in their last 1 MB).',
  ...callerStreaming({ maxBodyBytes: MAX_DOCUMENT_BYTES, tooLarge: `File too large. Maximum size is ${megabytes(MAX_DOCUMENT_BYTES)}.` }),
  request: {
    params: StreamedFileName,
    body: { content: Object.fromEntries(Object.keys(MEDIA_TYPES).map((type) => [type, { schema: binary }])), required: true },
  },
  responses: { 201: jsonContent(UploadMediaResponse, 'Stored'), ...errorResponses(400, 401, 411, 413) },
});

export function registerPutMedia(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { fileName } = c.req.valid('param');
    const declared = baseContentType(c.req.header('content-type') ?? '') as MediaType;
    if (!Object.hasOwn(MEDIA_TYPES, declared)) throw new ApiError(400, `Invalid Content-Type: send the file's own type. ${ALLOWED_TYPES}`);
    // callerStreaming checked that the header is there and a number.
    const length = Number(c.req.header('content-length'));
    const limit = maxUploadBytes(declared);
    if (length > limit) throw new ApiError(413, `File too large. Maximum size for ${declared} is ${megabytes(limit)}.`);
    const body = c.req.raw.body;
    if (length === 0 || !body) throw new ApiError(400, 'The body is empty: send the file as the request body.');

    const { prefix, whole, lengthError } = await readPrefix(body, SNIFF_BYTES, length);
    const office = OFFICE_ZIP_TYPES.has(declared);
    // The rest of a refused body is left unread: cancelling it would reset the connection before the answer.
    if (!(office ? isZip(prefix) : sniffMediaTypes(prefix).includes(declared))) throw new ApiError(400, mismatch(declared));
    const end = office ? keepTail(OFFICE_TAIL_BYTES) : undefined;
    const mediaId = newMediaId(declared);
    const store = c.var.deps.media;
    try {
      await store.putStream(mediaId, withDeclaredLength(end ? whole.pipeThrough(end.stream) : whole, length), length, declared);
    } catch (err) {
      // S3 keeps no object from a failed PUT; the delete makes sure for stores that might.
      await store.delete(mediaId);
      const short = lengthError();
      if (short) throw new ApiError(400, short.message);
      throw err;
    }
    if (end) {
      const tail = end.tail();
      if (officeTypeOf(zipEntryNames(tail, length - tail.byteLength)) !== declared) {
        await store.delete(mediaId);
        throw new ApiError(400, `${mismatch(declared)} A .docx or .xlsx is recognised by the ZIP directory in its last 1 MB.`);
      }
    }
    return recordUpload(c, principal, { mediaId, type: declared, size: length, originalName: fileName });
  });
}
