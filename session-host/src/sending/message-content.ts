import type { AnyMessageContent, WAMessage } from '@whiskeysockets/baileys';
import { createWriteStream } from 'node:fs';
import type { Agent } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { MAX_DOCUMENT_BYTES, MAX_MEDIA_BYTES, MAX_STICKER_BYTES } from '../../../shared/src/api/media.js';
import type { OutgoingMessage, QueuedMessage } from '../../../shared/src/api/messages.js';
import type { MediaStore } from '../../../shared/src/storage/media-store.js';
import { renderVCard } from '../../../shared/src/vcard.js';
import { webpKind } from '../../../shared/src/webp.js';
import { safeFetch, SafeFetchError } from '../net/safe-fetch.js';
import type { MessageRefs } from './message-refs.js';
import { PermanentSendError } from './send-errors.js';

export interface MediaFetchOptions {
  timeoutMs: number;
  allowPrivateNetwork: boolean;
}

/** What `sendMessage` gets for one queued row: the content, and the message it quotes. */
export interface BuiltMessage {
  content: AnyMessageContent;
  quoted?: WAMessage;
  /** Removes the temporary files the content reads from: call it once the send is over. */
  release?: () => Promise<void>;
}

/** Where a row is sent: its session and chat (the chat of any message it points at); its
 * WhatsApp id and the account's JIDs, under which a poll's secret is remembered. */
export interface SendContext {
  sessionId: string;
  remoteJid: string;
  messageId?: string;
  accountJids?: string[];
  /** The session's outbound proxy: media links are fetched through it too. */
  agent?: Agent;
}

/** Keeps the secret of a poll the account sends (poll-votes.ts). */
export interface OwnPolls {
  ownPollSecret(
    sessionId: string,
    waMessageId: string,
    poll: { name: string; options: string[]; selectableCount?: number },
    creatorJids: string[],
    now: number,
  ): Promise<Uint8Array>;
}

type LoadedMedia = { bytes: Buffer; mimetype: string; fileName: string };
/** A document on disk: up to 100 MB is never held in memory. */
type SavedDocument = { path: string; mimetype: string; fileName: string };
type LinkFetch = { maxResponseBytes: number; bodyToFile?: string; agent?: Agent };

/** WhatsApp plays a voice note only as OGG/Opus, under exactly this type. */
const VOICE_NOTE_MIMETYPE = 'audio/ogg; codecs=opus';

/** Builds the Baileys content for a validated message, reading media from S3 (by mediaId) or
 * from the link, through the private-address guard, with a timeout and a limit (documents 100 MB,
 * streamed into a private temporary file; other media 25 MB, in memory); the messages it reacts
 * to, quotes or edits are looked up in the stored rows. */
export class MessageContentBuilder {
  constructor(
    private readonly store: MediaStore,
    private readonly fetchOptions: MediaFetchOptions,
    private readonly refs: MessageRefs,
    /** without it (or a message id), Baileys picks a poll's secret and only its own upsert tells it */
    private readonly polls?: OwnPolls,
  ) {}

  async build(item: QueuedMessage, ctx: SendContext): Promise<BuiltMessage> {
    if (item.type === 'edit') {
      const target = await this.refs.find(ctx.sessionId, ctx.remoteJid, item.edit.message_id, 'edit.message_id');
      return { content: { text: item.edit.text.body, edit: target.key } };
    }
    const temporaryDirs: string[] = [];
    const release = async () => {
      await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    };
    try {
      const content = await this.content(item, ctx, temporaryDirs);
      const mentions = item.mentions?.map((number) => `${number}@s.whatsapp.net`);
      if (mentions) Object.assign(content, { mentions });
      const quoted = item.context ? (await this.refs.find(ctx.sessionId, ctx.remoteJid, item.context.message_id, 'context.message_id')).quoted : undefined;
      return { content, ...(quoted ? { quoted } : {}), release };
    } catch (err) {
      await release();
      throw err;
    }
  }

  private async content(item: OutgoingMessage, ctx: SendContext, temporaryDirs: string[]): Promise<AnyMessageContent> {
    switch (item.type) {
      case 'text':
        return { text: item.text.body };
      case 'image': {
        const media = await this.load(item.image, ctx.agent);
        return { image: media.bytes, caption: item.image.caption, mimetype: media.mimetype };
      }
      case 'document': {
        const dir = await mkdtemp(join(tmpdir(), 'wag-send-'));
        temporaryDirs.push(dir);
        const media = await this.saveDocument(item.document, join(dir, 'body'), ctx.agent);
        return {
          // Baileys reads a url that is not http(s) as a local file, as a stream.
          document: { url: media.path },
          mimetype: item.document.mimetype ?? media.mimetype,
          fileName: item.document.filename ?? media.fileName,
          caption: item.document.caption,
        };
      }
      case 'video': {
        const media = await this.load(item.video, ctx.agent);
        return { video: media.bytes, caption: item.video.caption, mimetype: media.mimetype };
      }
      case 'audio': {
        const media = await this.load(item.audio, ctx.agent);
        return item.audio.voice ? { audio: media.bytes, ptt: true, mimetype: VOICE_NOTE_MIMETYPE } : { audio: media.bytes, mimetype: media.mimetype };
      }
      case 'sticker':
        return { sticker: stickerBytes(await this.load(item.sticker, ctx.agent)), mimetype: 'image/webp' };
      case 'location': {
        const { latitude, longitude, name, address } = item.location;
        return { location: { degreesLatitude: latitude, degreesLongitude: longitude, name, address } };
      }
      case 'contacts': {
        const cards = item.contacts.map((card) => ({ displayName: card.name.formatted_name, vcard: renderVCard(card) }));
        return { contacts: { displayName: cards.length === 1 ? cards[0]!.displayName : `${cards.length} contacts`, contacts: cards } };
      }
      case 'reaction': {
        const target = await this.refs.find(ctx.sessionId, ctx.remoteJid, item.reaction.message_id, 'reaction.message_id');
        return { react: { text: item.reaction.emoji, key: target.key } };
      }
      case 'poll': {
        const poll = { name: item.poll.name, values: item.poll.options, selectableCount: item.poll.selectableCount };
        // no account JIDs yet (not logged in): the votes could not be decrypted against them
        if (!this.polls || !ctx.messageId || !ctx.accountJids?.length) return { poll };
        const messageSecret = await this.polls.ownPollSecret(ctx.sessionId, ctx.messageId, item.poll, ctx.accountJids, Date.now());
        return { poll: { ...poll, messageSecret } };
      }
    }
  }

  private async load(ref: { link?: string; id?: string }, agent: Agent | undefined): Promise<LoadedMedia> {
    if (ref.id) {
      const object = await this.stored(ref.id);
      return { bytes: Buffer.from(await new Response(object.body).arrayBuffer()), mimetype: object.contentType, fileName: ref.id };
    }
    const res = await this.fetchLink(ref.link!, { maxResponseBytes: MAX_MEDIA_BYTES, agent });
    return { bytes: res.body, mimetype: res.mimetype, fileName: res.fileName };
  }

  /** The document's bytes written to `path` (0600), from S3 or its link, never whole in memory. */
  private async saveDocument(ref: { link?: string; id?: string }, path: string, agent: Agent | undefined): Promise<SavedDocument> {
    if (ref.id) {
      const object = await this.stored(ref.id);
      await pipeline(Readable.fromWeb(object.body as NodeWebStream<Uint8Array>), createWriteStream(path, { mode: 0o600 }));
      return { path, mimetype: object.contentType, fileName: ref.id };
    }
    const res = await this.fetchLink(ref.link!, { maxResponseBytes: MAX_DOCUMENT_BYTES, bodyToFile: path, agent });
    return { path, mimetype: res.mimetype, fileName: res.fileName };
  }

  private async stored(mediaId: string) {
    const object = await this.store.get(mediaId);
    if (!object) throw new PermanentSendError(`media ${mediaId} not found`);
    return object;
  }

  private async fetchLink(link: string, limit: LinkFetch): Promise<{ body: Buffer; mimetype: string; fileName: string }> {
    try {
      const res = await safeFetch(link, { timeoutMs: this.fetchOptions.timeoutMs, allowPrivateNetwork: this.fetchOptions.allowPrivateNetwork, ...limit });
      if (res.status >= 400) throw new Error(`media link answered HTTP ${res.status}`);
      const mimetype = String(res.headers['content-type'] ?? 'application/octet-stream')
        .split(';')[0]!
        .trim();
      const fileName = decodeURIComponent(new URL(res.url).pathname.split('/').pop() || 'file');
      return { body: res.body, mimetype, fileName };
    } catch (err) {
      if (err instanceof SafeFetchError && err.reason === 'too-large')
        throw new PermanentSendError(`media link refused: ${err.message} (at most ${limit.maxResponseBytes / 1024 / 1024} MB for this kind of media)`);
      if (err instanceof SafeFetchError && err.reason !== 'timeout' && err.reason !== 'network')
        throw new PermanentSendError(`media link refused: ${err.message}`);
      throw err;
    }
  }
}

/** A sticker is a WebP within WhatsApp's limits (uploads were checked at the edge; links only here). */
function stickerBytes(media: LoadedMedia): Buffer {
  const kind = webpKind(media.bytes);
  if (!kind) throw new PermanentSendError('sticker: not a WebP image');
  if (media.bytes.length > MAX_STICKER_BYTES[kind])
    throw new PermanentSendError(`sticker: ${kind === 'animated' ? 'an animated' : 'a still'} sticker must be at most ${MAX_STICKER_BYTES[kind] / 1024} KB`);
  return media.bytes;
}
