// What the runner puts in a `messages` row for one campaign recipient: the campaign message rendered
// for that recipient, in the OutgoingMessage format the send queue reads (the same as an API send).
import { z } from 'zod';
import { OutgoingMessage } from '../../../shared/src/api/messages.js';
import { renderCampaignMessage, type StoredCampaignMessage } from '../../../shared/src/campaigns/render-message.js';
import type { Recipient } from '../../../shared/src/campaigns/recipients.js';

/** The stored settings as the runner reads them (validated by the API's CampaignSettings). */
export const RunnerSettings = z.object({
  delayBetweenMessages: z.number().int().min(0).catch(3000).default(3000),
  maxRetries: z.number().int().min(0).catch(3).default(3),
  jitterMs: z.number().int().min(0).catch(0).default(0),
});
export type RunnerSettings = z.infer<typeof RunnerSettings>;

export function parseSettings(text: string): RunnerSettings {
  try {
    return RunnerSettings.parse(JSON.parse(text));
  } catch {
    return RunnerSettings.parse({});
  }
}

export interface RecipientRow {
  id: number;
  number: string;
  name: string | null;
  jobTitle: string | null;
  companyName: string | null;
  customFields: string;
}

export function recipientOf(row: RecipientRow): Recipient {
  let customFields: Record<string, string> = {};
  try {
    customFields = JSON.parse(row.customFields) as Record<string, string>;
  } catch {
    // A malformed custom_fields column renders its placeholders empty rather than stopping the campaign.
  }
  return { number: row.number, name: row.name, jobTitle: row.jobTitle, companyName: row.companyName, customFields };
}

/** The payload for this recipient, or the reason it cannot be sent (e.g. `{{Name}}` rendered the
 * body empty): such a recipient fails at once, since retrying cannot change the text. */
export function outgoingFor(message: StoredCampaignMessage, row: RecipientRow): { ok: true; payload: OutgoingMessage } | { ok: false; reason: string } {
  const m = renderCampaignMessage(message, recipientOf(row));
  const common = { recipient_type: 'individual' as const, to: row.number };
  const media = (x: { link?: string; mediaId?: string }) => (x.mediaId ? { id: x.mediaId } : { link: x.link });
  const candidate =
    m.type === 'text'
      ? { ...common, type: 'text', text: { body: m.content } }
      : m.type === 'image'
        ? { ...common, type: 'image', image: { ...media(m), ...(m.caption ? { caption: m.caption } : {}) } }
        : {
            ...common,
            type: 'document',
            document: {
              ...media(m),
              ...(m.caption ? { caption: m.caption } : {}),
              ...(m.filename ? { filename: m.filename } : {}),
              ...(m.mimetype ? { mimetype: m.mimetype } : {}),
            },
          };
  const parsed = OutgoingMessage.safeParse(candidate);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `The message for this recipient is invalid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown error'}` };
}
