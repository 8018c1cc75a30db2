import { z } from '@hono/zod-openapi';

export {
  MAX_DOCUMENT_BYTES,
  MAX_MEDIA_BYTES,
  MEDIA_TYPES,
  maxUploadBytes,
  MediaIdParam,
  UploadMediaResponse,
} from '../../../../shared/src/api/media.js';

export const ALLOWED_TYPES = 'Only JPEG, PNG, GIF, WebP, PDF, Word, Excel, MP4 or 3GP video, and OGG, MP3, M4A, AAC or AMR audio allowed.';
export const megabytes = (bytes: number) => `${bytes / 1024 / 1024}MB`;

export const StreamedFileName = z.object({
  fileName: z
    .string()
    .min(1)
    .max(255, 'fileName must be at most 255 characters')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'fileName must not contain control characters')
    .openapi({ param: { name: 'fileName', in: 'path' }, example: 'report.pdf', description: 'The file name the media row keeps' }),
});

export const UploadMediaForm = z.object({
  file: z
    .custom<File>((value) => value instanceof File, 'file is required: send the media as the multipart form field "file"')
    .openapi({
      type: 'string',
      format: 'binary',
      description: 'JPEG, PNG, GIF, WebP (5 MB); MP4, 3GP, OGG/Opus, MP3, M4A, AAC, AMR (16 MB); PDF, Word or Excel (25 MB)',
    }),
});
