import type { AnyMessageContent } from '@whiskeysockets/baileys';
import type { OutgoingMessage } from '../../../shared/src/api/messages.js';
import { MAX_MEDIA_BYTES } from '../../../shared/src/api/media.js';
import type { MediaStore } from '../../../shared/src/storage/media-store.js';
import { safeFetch, SafeFetchError } from '../net/safe-fetch.js';

/** A send that cannot succeed by retrying (bad media, number not on WhatsApp). */
export class PermanentSendError extends Error {}

export interface MediaFetchOptions {
  timeoutMs: number;
  allowPrivateNetwork: boolean;
}

/** Builds the Baileys content for a validated message, reading media from S3 (by mediaId) or
 * from the link, through the private-address guard, with a timeout and the 25 MB limit. */
export class MessageContentBuilder {
  constructor(
    private readonly store: MediaStore,
    private readonly fetchOptions: MediaFetchOptions,
  ) {}

  async build(item: OutgoingMessage): Promise<AnyMessageContent> {
    switch (item.type) {
      case 'text':
        return { text: item.text.body };
      case 'image': {
        const media = await this.load(item.image);
        return { image: media.bytes, caption: item.image.caption, mimetype: media.mimetype };
      }
      case 'document': {
        const media = await this.load(item.document);
        return {
          document: media.bytes,
          mimetype: item.document.mimetype ?? media.mimetype,
          fileName: item.document.filename ?? media.fileName,
          caption: item.document.caption,
        };
      }
    }
  }

  private async load(ref: { link?: string; id?: string }): Promise<{ bytes: Buffer; mimetype: string; fileName: string }> {
    if (ref.id) {
      const object = await this.store.get(ref.id);
      if (!object) throw new PermanentSendError(`media ${ref.id} not found`);
      return { bytes: Buffer.from(await new Response(object.body).arrayBuffer()), mimetype: object.contentType, fileName: ref.id };
    }
    const link = ref.link!;
    try {
      const res = await safeFetch(link, {
        timeoutMs: this.fetchOptions.timeoutMs,
        maxResponseBytes: MAX_MEDIA_BYTES,
        allowPrivateNetwork: this.fetchOptions.allowPrivateNetwork,
      });
      if (res.status >= 400) throw new Error(`media link answered HTTP ${res.status}`);
      const type = String(res.headers['content-type'] ?? 'application/octet-stream')
        .split(';')[0]!
        .trim();
      const fileName = decodeURIComponent(new URL(res.url).pathname.split('/').pop() || 'file');
      return { bytes: res.body, mimetype: type, fileName };
    } catch (err) {
      if (err instanceof SafeFetchError && err.reason !== 'timeout' && err.reason !== 'network')
        throw new PermanentSendError(`media link refused: ${err.message}`);
      throw err;
    }
  }
}
