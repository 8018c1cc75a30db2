import { createRoute, z } from '@hono/zod-openapi';
import type { MediaType } from '../../../../shared/src/api/media.js';
import { baseContentType } from '../../../../shared/src/content-type.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { callerStreaming } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { readPrefix, withDeclaredLength } from './exact-length-body.js';
import { newMediaId, recordUpload } from './record-upload.js';
import { ALLOWED_TYPES, MAX_DOCUMENT_BYTES, MEDIA_TYPES, maxUploadBytes, megabytes, StreamedFileName, UploadMediaResponse } from './schema.js';
import { sniffMediaTypes } from './sniff.js';

/** Enough for every signature sniffMediaTypes reads at the start of a file. */
const SNIFF_BYTES = 4096;
/** Told apart only by the ZIP central directory at the end of the file, which arrives last. */
const OFFICE_ZIP_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);
const OFFICE_ZIP_REFUSED =
  'Word and Excel files (.docx, .xlsx) are recognised by the ZIP directory at their end, which a streamed upload ' +
  'reaches only after storing: upload them with the multipart POST /api/v1/media (at most 25MB).';

const binary = z.string().openapi({ format: 'binary' });
const route = createRoute({
  method: 'put',
  path: '/media/{fileName}',
  tags: ['Media'],
  summary: 'Upload a large file (streamed)',
  description:
    'The raw file is the body, its type the Content-Type, and Content-Length is required (411 without). ' +
    'Stored as it arrives, so documents may reach WhatsApp’s 100 MB; images 5 MB, video and audio 16 MB. ' +
    'The type is checked from the first bytes. Word/Excel .docx/.xlsx: use the multipart POST /media.',
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
    if (OFFICE_ZIP_TYPES.has(declared)) throw new ApiError(400, OFFICE_ZIP_REFUSED);
    // callerStreaming checked that the header is there and a number.
    const length = Number(c.req.header('content-length'));
    const limit = maxUploadBytes(declared);
    if (length > limit) throw new ApiError(413, `File too large. Maximum size for ${declared} is ${megabytes(limit)}.`);
    const body = c.req.raw.body;
    if (length === 0 || !body) throw new ApiError(400, 'The body is empty: send the file as the request body.');

    const { prefix, whole, lengthError } = await readPrefix(body, SNIFF_BYTES, length);
    // The rest of a refused body is left unread: cancelling it would reset the connection before the answer.
    if (!sniffMediaTypes(prefix).includes(declared)) {
      throw new ApiError(400, `File content does not match its declared type ${declared}. ${ALLOWED_TYPES}`);
    }
    const mediaId = newMediaId(declared);
    const store = c.var.deps.media;
    try {
      await store.putStream(mediaId, withDeclaredLength(whole, length), length, declared);
    } catch (err) {
      // S3 keeps no object from a failed PUT; the delete makes sure for stores that might.
      await store.delete(mediaId);
      const short = lengthError();
      if (short) throw new ApiError(400, short.message);
      throw err;
    }
    return recordUpload(c, principal, { mediaId, type: declared, size: length, originalName: fileName });
  });
}
