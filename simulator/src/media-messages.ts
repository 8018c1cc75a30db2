/**
 * Media in proto.Message form: builds incoming media messages (encrypted and stored on the
 * media server, as a phone would upload them) and decrypts outgoing ones for the record.
 */
import type { proto } from '@whiskeysockets/baileys';
import type { SimCore } from './core.js';
import { decryptMedia, encryptMedia } from './media-crypto.js';

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export interface MediaSpec {
  bytes: Uint8Array;
  mimetype?: string;
  caption?: string;
  fileName?: string;
  /** audio only: voice note */
  ptt?: boolean;
  /** Announced size, instead of the true one: a sender may lie (fault injection). */
  fileLength?: number;
}

const DEFAULT_MIME: Record<MediaKind, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg; codecs=opus',
  document: 'application/octet-stream',
  sticker: 'image/webp',
};

/** encrypts `spec.bytes` with a fresh media key, stores the file, returns the message */
export function buildMediaMessage(sim: SimCore, kind: MediaKind, spec: MediaSpec): proto.IMessage {
  const keyType = kind === 'sticker' ? 'image' : kind;
  const enc = encryptMedia(spec.bytes, keyType);
  const directPath = sim.media.put(enc.file, kind);
  const common = {
    url: sim.media.url(directPath),
    directPath,
    mediaKey: enc.mediaKey,
    fileSha256: enc.fileSha256,
    fileEncSha256: enc.fileEncSha256,
    fileLength: spec.fileLength ?? enc.fileLength,
    mediaKeyTimestamp: Math.floor(Date.now() / 1000),
    mimetype: spec.mimetype ?? DEFAULT_MIME[kind],
  };
  switch (kind) {
    case 'image':
      return { imageMessage: { ...common, caption: spec.caption } };
    case 'video':
      return { videoMessage: { ...common, caption: spec.caption } };
    case 'audio':
      return { audioMessage: { ...common, ptt: !!spec.ptt } };
    case 'sticker':
      return { stickerMessage: common };
    case 'document':
      return { documentMessage: { ...common, fileName: spec.fileName, title: spec.fileName, caption: spec.caption } };
  }
}

export interface MediaSummary {
  kind: MediaKind;
  caption?: string;
  fileName?: string;
  mimetype?: string;
  bytes?: Buffer;
  mediaError?: string;
}

interface MediaFields {
  url?: string | null;
  directPath?: string | null;
  mediaKey?: Uint8Array | null;
  fileSha256?: Uint8Array | null;
  fileEncSha256?: Uint8Array | null;
  mimetype?: string | null;
  caption?: string | null;
  fileName?: string | null;
}

/** finds the media part of a message and decrypts its file from the media server */
export function summarizeMedia(sim: SimCore, m: proto.IMessage): MediaSummary | undefined {
  const doc = m.documentMessage ?? m.documentWithCaptionMessage?.message?.documentMessage;
  const found: Array<[MediaKind, MediaFields | null | undefined]> = [
    ['image', m.imageMessage],
    ['video', m.videoMessage],
    ['audio', m.audioMessage],
    ['sticker', m.stickerMessage],
    ['document', doc],
  ];
  const hit = found.find(([, v]) => !!v);
  if (!hit) return undefined;
  const [kind, media] = hit as [MediaKind, MediaFields];
  const out: MediaSummary = { kind, mimetype: media.mimetype ?? undefined, caption: media.caption ?? undefined };
  if (media.fileName) out.fileName = media.fileName;
  try {
    const blob = sim.media.get(media.directPath || media.url || '');
    if (!blob) throw new Error('media not found on the media server');
    if (!media.mediaKey) throw new Error('no media key');
    out.bytes = decryptMedia(blob, media.mediaKey, kind === 'sticker' ? 'image' : kind, media);
  } catch (err) {
    out.mediaError = String(err);
  }
  return out;
}
