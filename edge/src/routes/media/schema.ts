import { z } from '@hono/zod-openapi';

export { MAX_MEDIA_BYTES, MEDIA_TYPES, MediaIdParam, UploadMediaResponse } from '../../../../shared/src/api/media.js';

export const UploadMediaForm = z.object({
  file: z
    .custom<File>((value) => value instanceof File, 'file is required: send the media as the multipart form field "file"')
    .openapi({ type: 'string', format: 'binary', description: 'JPEG, PNG, GIF, WebP, PDF, Word or Excel; at most 25 MB' }),
});
