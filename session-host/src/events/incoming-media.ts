// Media a contact sent, copied from WhatsApp to S3. Everything about it is the sender's choice:
// the announced size (checked first), the real size (counted while streaming, the download cut at
// the cap), the mimetype and the file name (bounded, the type reduced to a plain type/subtype).
import { downloadMediaMessage, type WAMessage, type WASocket } from '@whiskeysockets/baileys';
import type { Dispatcher } from 'undici';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import { extensionFor } from '../../../shared/src/api/media.js';
import type { media } from '../../../shared/src/db/schema.js';
import type { MediaStore } from '../../../shared/src/storage/media-store.js';
import { baseContentType } from '../../../shared/src/content-type.js';
import { byteCap } from '../net/byte-cap.js';

/** The media part of an incoming message, as far as it is read here. */
export interface MediaPart {
  mimetype?: string | null;
  fileName?: string | null;
  fileLength?: number | { toString(): string } | null;
}

export type StoredMedia = {
  row: typeof media.$inferInsert | null;
  event: Record<string, unknown>;
};

const MAX_FILE_NAME_CHARS = 255;
/** RFC 6838: type and subtype of at most 127 restricted-name characters each. */
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** A plain `type/subtype` (parameters dropped), or application/octet-stream. */
export function sanitizeContentType(mimetype: string | null | undefined): string {
  const base = baseContentType((mimetype ?? '').slice(0, 300));
  return CONTENT_TYPE.test(base) ? base : 'application/octet-stream';
}

/** At most 255 characters, no control characters; null when nothing is left. */
export function sanitizeFileName(fileName: string | null | undefined): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = [...(fileName ?? '').slice(0, 4 * MAX_FILE_NAME_CHARS).replace(/[\u0000-\u001f\u007f-\u009f]/g, '')]
    .slice(0, MAX_FILE_NAME_CHARS)
    .join('')
    .trim();
  return clean || null;
}

class TooLarge extends Error {
  constructor(readonly size: number) {
    super(`media passed the limit at ${size} bytes`);
  }
}

export class IncomingMedia {
  constructor(
    private readonly store: MediaStore,
    private readonly maxBytes: number,
    private readonly logger: Logger,
    /** The session's proxy for downloads, if it has one. */
    private readonly dispatcherOf: (sessionId: string) => Dispatcher | undefined = () => undefined,
  ) {}

  async copy(sessionId: string, sock: WASocket, msg: WAMessage, part: MediaPart | null | undefined): Promise<StoredMedia> {
    const mimetype = sanitizeContentType(part?.mimetype);
    const fileName = sanitizeFileName(part?.fileName);
    const named = fileName ? { fileName } : {};
    const tooLarge = (size: number): StoredMedia => ({ row: null, event: { error: 'too-large', size, maxBytes: this.maxBytes, mimetype, ...named } });
    const announced = Number(part?.fileLength?.toString() ?? 0);
    if (announced > this.maxBytes) {
      this.logger.warn({ sessionId, id: msg.key.id, announced, maxBytes: this.maxBytes }, 'incoming media refused: announced size over the limit');
      return tooLarge(announced);
    }
    // Streamed to a private temporary file (the host's umask), so memory stays flat whatever
    // the size, and S3 gets a body whose length is known.
    const dir = await mkdtemp(join(tmpdir(), 'wag-media-'));
    const file = join(dir, 'body');
    try {
      const dispatcher = this.dispatcherOf(sessionId);
      const download = await downloadMediaMessage(msg, 'stream', dispatcher ? { options: { dispatcher } as RequestInit } : {}, {
        logger: this.logger,
        reuploadRequest: sock.updateMediaMessage,
      });
      const counter = byteCap(this.maxBytes, (count) => new TooLarge(count));
      await pipeline(download, counter, createWriteStream(file, { mode: 0o600 }));
      const mediaId = `${crypto.randomUUID()}.${extensionFor(mimetype)}`;
      await this.store.putStream(mediaId, createReadStream(file), counter.count, mimetype);
      return {
        row: { id: mediaId, sessionId, mimetype, size: counter.count, originalName: fileName },
        event: { mediaId, url: `/media/${mediaId}`, mimetype, size: counter.count, ...named },
      };
    } catch (err) {
      if (err instanceof TooLarge) {
        this.logger.warn(
          { sessionId, id: msg.key.id, announced, counted: err.size, maxBytes: this.maxBytes },
          'incoming media refused: download passed the limit',
        );
        return tooLarge(err.size);
      }
      this.logger.warn({ err, sessionId, id: msg.key.id }, 'could not download incoming media');
      return { row: null, event: { error: 'media could not be downloaded', mimetype } };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
