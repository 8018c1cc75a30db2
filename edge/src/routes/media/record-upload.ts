import type { Context } from 'hono';
import { MEDIA_TYPES, type MediaType } from '../../../../shared/src/api/media.js';
import { media } from '../../../../shared/src/db/schema.js';
import type { AppEnv } from '../../app-env.js';
import type { Principal } from '../../auth/principal.js';

/** A fresh, unguessable object key for a file of this type. */
export const newMediaId = (type: MediaType) => `${crypto.randomUUID()}.${MEDIA_TYPES[type]}`;

/** The media row for a stored object and the 201 both upload routes answer with. */
export async function recordUpload(
  c: Context<AppEnv>,
  principal: Principal,
  upload: { mediaId: string; type: MediaType; size: number; originalName: string | null },
) {
  await c.var.deps.db.insert(media).values({
    id: upload.mediaId,
    sessionId: principal.kind === 'session' ? principal.sessionId : null,
    mimetype: upload.type,
    size: upload.size,
    originalName: upload.originalName,
  });
  const mediaId = upload.mediaId;
  return c.json({ status: 'success' as const, message: 'File uploaded successfully.', mediaId, url: `/media/${mediaId}` }, 201);
}
