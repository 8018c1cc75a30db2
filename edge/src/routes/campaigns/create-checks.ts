import type { z } from 'zod';
import { PLACEHOLDER_NAMES, unknownPlaceholders } from '../../../../shared/src/campaigns/placeholders.js';
import { ApiError } from '../../errors.js';
import { type CreateCampaignBody, templatedFields } from './schema.js';

type Body = z.infer<typeof CreateCampaignBody>;

/** scheduledAt must lie ahead; returns it as epoch ms (null when absent). */
export function scheduledAtMs(body: Body, now: number): number | null {
  if (body.scheduledAt === undefined) return null;
  const at = Date.parse(body.scheduledAt);
  if (at <= now) {
    const when = `it is ${new Date(at).toISOString()}, now is ${new Date(now).toISOString()}`;
    const message = `scheduledAt must be in the future (${when}); leave it out to start by hand.`;
    throw new ApiError(400, message, [{ path: 'scheduledAt', message }]);
  }
  return at;
}

/** Refuses a `{{placeholder}}` that neither a built-in nor a custom field of the recipients fills. */
export function checkPlaceholders(body: Body, customFields: Iterable<string>): void {
  const fields = [...customFields];
  for (const { field, text } of templatedFields(body.message)) {
    const unknown = unknownPlaceholders(text, fields);
    if (unknown.length === 0) continue;
    const names = unknown.map((name) => `{{${name}}}`).join(', ');
    const shown = fields.length > 20 ? [...fields.slice(0, 20), '…'] : fields;
    const custom = fields.length ? ` or a custom field of the recipients (${shown.join(', ')})` : '';
    const known = `${PLACEHOLDER_NAMES.map((name) => `{{${name}}}`).join(', ')}${custom}`;
    const message = `${field}: unknown placeholder ${names}: use ${known}.`;
    throw new ApiError(400, message, [{ path: field, message }]);
  }
}
