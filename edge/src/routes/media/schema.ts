import { z } from '@hono/zod-openapi';

export { MAX_MEDIA_BYTES, MEDIA_TYPES, maxUploadBytes, MediaIdParam, UploadMediaResponse } from '../../../../shared/src/api/media.js';

export const UploadMediaForm = z.object({
  file: z
    .custom<File>((value) => value instanceof File, 'file is required: send the media as the multipart form field "file"')
    .openapi({
      type: 'string',
      format: 'binary',
      description: 'JPEG, PNG, GIF, WebP (5 MB); MP4, 3GP, OGG/Opus, MP3, M4A, AAC, AMR (16 MB); PDF, Word or Excel (25 MB)',
    }),
});
