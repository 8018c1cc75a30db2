import { z } from 'zod';
import { ownValue } from '../own-value.js';
import { baseContentType } from '../content-type.js';

const MB = 1024 * 1024;

/** The multipart upload's cap: the original's 25 MB (the edge holds a multipart file in a Worker's
 * memory, 128 MB, while it checks the bytes). Larger documents go through the streamed upload. */
export const MAX_MEDIA_BYTES = 25 * MB;

/** WhatsApp's document limit: the streamed upload and documents sent by link. */
export const MAX_DOCUMENT_BYTES = 100 * MB;

/** WhatsApp's own limits per kind: images 5 MB, video and audio 16 MB, documents 100 MB. */
export function maxUploadBytes(type: string): number {
  if (type.startsWith('image/')) return 5 * MB;
  if (type.startsWith('video/') || type.startsWith('audio/')) return 16 * MB;
  return MAX_DOCUMENT_BYTES;
}

/** Stickers are WebP: 100 KB still, 500 KB animated (WhatsApp's limits). */
export const MAX_STICKER_BYTES = { still: 100 * 1024, animated: 500 * 1024 } as const;

/** Allowed upload types (the original API's list, plus WhatsApp's video and audio formats) and
 * the extension each is stored under. */
export const MEDIA_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
} as const;
export type MediaType = keyof typeof MEDIA_TYPES;

export function mimetypeForExtension(ext: string): MediaType | undefined {
  return (Object.keys(MEDIA_TYPES) as MediaType[]).find((type) => MEDIA_TYPES[type] === ext);
}

/** Extensions of media received from contacts, beyond the uploadable types. */
export const INCOMING_MEDIA_EXTENSIONS = { 'video/mp4': 'mp4', 'audio/ogg': 'ogg', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a' } as const;

/** `<uuid>.<ext>`: nothing else can name an object, so no path tricks get through. */
export const MediaId = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|gif|webp|pdf|docx?|xlsx?|mp4|3gp|ogg|mp3|m4a|aac|amr|bin)$/,
    'mediaId must be a mediaId returned by POST /media',
  );

/** The extension a stored object of this type gets. */
export function extensionFor(mimetype: string): string {
  const base = baseContentType(mimetype);
  return ownValue<string>(MEDIA_TYPES, base) ?? ownValue<string>(INCOMING_MEDIA_EXTENSIONS, base) ?? 'bin';
}

export const MediaIdParam = z.object({ mediaId: MediaId });

export const UploadMediaResponse = z.object({
  status: z.literal('success'),
  message: z.string(),
  mediaId: z.string(),
  url: z.string(),
});
