// What the campaign runner sends to one recipient: the stored campaign message with every
// templated field (content, caption, filename) rendered for that recipient.
import { renderTemplate } from './placeholders.js';
import type { Recipient } from './recipients.js';

/** A campaign message as stored in `campaigns.message` (see storedCampaignMessage in
 * shared/src/api/campaigns.ts): text has `content`; image/document have `link` or `mediaId`,
 * optional `caption`, and for documents optional `filename` and `mimetype`. */
export type StoredCampaignMessage =
  | { type: 'text'; content: string }
  | { type: 'image'; link?: string; mediaId?: string; caption?: string }
  | { type: 'document'; link?: string; mediaId?: string; caption?: string; filename?: string; mimetype?: string };

export const TEMPLATED_FIELDS = ['content', 'caption', 'filename'] as const;

/** A copy of `message` with its templated fields rendered for `recipient`; other fields untouched. */
export function renderCampaignMessage<M extends StoredCampaignMessage>(message: M, recipient: Recipient): M {
  const rendered: Record<string, unknown> = { ...message };
  for (const field of TEMPLATED_FIELDS) {
    const value = rendered[field];
    if (typeof value === 'string') rendered[field] = renderTemplate(value, recipient);
  }
  return rendered as M;
}
