import { createRoute } from '@hono/zod-openapi';
import type { MediaType } from '../../../../shared/src/api/media.js';
import { requirePrincipal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { ALLOWED_TYPES as ALLOWED, MAX_MEDIA_BYTES, MEDIA_TYPES, maxUploadBytes, megabytes, UploadMediaForm, UploadMediaResponse } from './schema.js';
import { sniffMediaTypes } from './sniff.js';
import { newMediaId, recordUpload } from './record-upload.js';
import { callerOnly } from '../caller.js';
import { baseContentType } from '../../../../shared/src/content-type.js';

const TOO_LARGE = 'File too large. Maximum size is 25MB.';
/** Room for the multipart framing around a file of the maximum size. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

const route = createRoute({
  method: 'post',
  path: '/media',
  tags: ['Media'],
  summary: 'Upload media',
  description:
    'The type is checked from the file bytes as well as the declared type. At most 5 MB for images, 16 ' +
    'MB for video and audio (WhatsApp’s limits), 25 MB otherwise. Use the mediaId in POST /messages.',
  // A declared length over the limit is refused before the body is read; the 25 MB rule for the
  // file itself is checked after parsing, with room here for the multipart framing around it.
  ...callerOnly({ maxBodyBytes: MAX_MEDIA_BYTES + FORM_OVERHEAD_BYTES, tooLarge: TOO_LARGE }),
  request: { body: { content: { 'multipart/form-data': { schema: UploadMediaForm } }, required: true } },
  responses: { 201: jsonContent(UploadMediaResponse, 'Stored'), ...errorResponses(400, 401, 413) },
});

export function registerPostMedia(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { file } = c.req.valid('form');
    const declared = baseContentType(file.type) as MediaType;
    if (!Object.hasOwn(MEDIA_TYPES, declared)) throw new ApiError(400, `Invalid file type. ${ALLOWED}`);
    if (file.size > MAX_MEDIA_BYTES) throw new ApiError(413, TOO_LARGE);
    const limit = maxUploadBytes(declared);
    if (file.size > limit) throw new ApiError(413, `File too large. Maximum size for ${declared} is ${megabytes(limit)}.`);
    if (file.size === 0) throw new ApiError(400, 'file is empty.');
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!sniffMediaTypes(bytes).includes(declared)) {
      throw new ApiError(400, `File content does not match its declared type ${declared}. ${ALLOWED}`);
    }
    const mediaId = newMediaId(declared);
    await c.var.deps.media.put(mediaId, bytes, declared);
    return recordUpload(c, principal, { mediaId, type: declared, size: bytes.byteLength, originalName: file.name || null });
  });
}
