// A message as a chat bubble, by what it shows. Everything in a message may come from a contact:
// it goes into the page as text nodes and attributes only (h() never parses HTML); media loads from
// the gateway's own /media route, links a contact sent are shown, never loaded.
import type { Content, Message } from './api-types.js';
import { h } from './ui.js';

const mediaUrl = (mediaId: string) => `/api/v1/media/${encodeURIComponent(mediaId)}`;

/** A short line for the chat list: an icon for the kind, and its text. */
export function preview(content: Content): string {
  const icon: Partial<Record<Content['kind'], string>> = {
    image: '🖼 Photo',
    video: '🎬 Video',
    audio: content.media?.voice ? '🎤 Voice message' : '🎵 Audio',
    document: `📄 ${content.media?.filename ?? 'Document'}`,
    sticker: '🏷 Sticker',
    location: '📍 Location',
    contacts: '👤 Contact',
    poll: '📊 Poll',
    reaction: `Reacted ${content.emoji || '(removed)'}`,
    poll_vote: '🗳 Vote',
    edit: '✏️ Edited',
    revoke: '🚫 Message deleted',
  };
  return [icon[content.kind], content.text].filter(Boolean).join(': ') || content.kind;
}

function media(content: Content): Node | null {
  const m = content.media;
  if (!m) return null;
  if (!m.mediaId) return h('p', { class: 'muted' }, m.link ? `Sent from a link: ${m.link}` : 'The file was not stored.');
  const url = mediaUrl(m.mediaId);
  const label = content.kind === 'document' ? (m.filename ?? 'Document') : content.kind;
  if (content.kind === 'image' || content.kind === 'sticker')
    return h(
      'a',
      { href: url, target: '_blank', rel: 'noopener' },
      h('img', { src: url, alt: content.text || label, class: `thumb ${content.kind}`, loading: 'lazy' }),
    );
  if (content.kind === 'video') return h('video', { src: url, controls: true, preload: 'metadata', class: 'thumb' });
  if (content.kind === 'audio') return h('p', {}, m.voice ? '🎤 ' : '🎵 ', h('audio', { src: url, controls: true, preload: 'none' }));
  return h('a', { href: url, download: m.filename ?? '', class: 'file' }, `📄 ${label}`, m.mimetype ? h('span', { class: 'muted' }, ` (${m.mimetype})`) : null);
}

function body(content: Content): (Node | null)[] {
  switch (content.kind) {
    case 'text':
      return [h('p', { class: 'text' }, content.text ?? '')];
    case 'location': {
      const place = content.location;
      const at = place && place.latitude !== null && place.longitude !== null ? `${place.latitude}, ${place.longitude}` : '';
      const map =
        place && place.latitude !== null && place.longitude !== null
          ? h(
              'a',
              { href: `https://www.openstreetmap.org/?mlat=${place.latitude}&mlon=${place.longitude}`, target: '_blank', rel: 'noopener noreferrer' },
              'map',
            )
          : null;
      return [h('p', {}, '📍 ', [place?.name, place?.address].filter(Boolean).join(', ') || 'Location', ' ', h('span', { class: 'muted' }, at), ' ', map)];
    }
    case 'contacts':
      return (content.contacts ?? []).map((c) => h('p', {}, `👤 ${c.name}`, c.phones.length ? h('span', { class: 'muted' }, ` ${c.phones.join(', ')}`) : null));
    case 'poll':
      return [h('p', {}, `📊 ${content.poll?.question ?? ''}`), h('ul', { class: 'options' }, ...(content.poll?.options ?? []).map((o) => h('li', {}, o)))];
    case 'reaction':
      return [h('p', { class: 'muted' }, content.emoji ? `Reacted ${content.emoji}` : 'Removed a reaction')];
    case 'poll_vote':
      return [h('p', { class: 'muted' }, `🗳 Voted: ${content.text ?? 'nothing'}`)];
    case 'edit':
      return [h('p', { class: 'muted' }, '✏️ Edited a message: '), h('p', { class: 'text' }, content.text ?? '')];
    case 'revoke':
      return [h('p', { class: 'muted' }, '🚫 Deleted a message')];
    case 'other':
      return [h('p', { class: 'muted' }, content.text ?? 'A message of a kind the gateway does not show')];
    default:
      return [media(content), content.text ? h('p', { class: 'text' }, content.text) : null];
  }
}

/** One bubble: the content, a reply's quote (when the quoted message is loaded), time and status. */
export function bubble(message: Message, quoted: (id: string) => Message | undefined): HTMLLIElement {
  const replyTo = message.content.replyTo ? quoted(message.content.replyTo) : undefined;
  const quote = message.content.replyTo ? h('blockquote', {}, replyTo ? preview(replyTo.content) : 'Reply to an earlier message') : null;
  const status = message.direction === 'out' ? ` · ${message.status}${message.error ? `: ${message.error}` : ''}` : '';
  return h(
    'li',
    { class: `bubble ${message.direction} ${message.content.kind}`, 'data-id': message.id },
    quote,
    ...body(message.content),
    h('p', { class: 'meta' }, new Date(message.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), status),
  );
}
