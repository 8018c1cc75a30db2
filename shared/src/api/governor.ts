// The send governor's per-session settings and the view GET /sessions/{id}/governor answers.
// Every field of the settings is optional: an omitted one takes the gateway's default (the
// SEND_* settings), so an operator overrides only what differs for this number.
import { z } from 'zod';

const QUIET_HOURS = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of a quiet-hours window `HH:MM-HH:MM` (the end may be the next day). */
export function parseQuietHours(value: string): { startMinute: number; endMinute: number } | null {
  const m = QUIET_HOURS.exec(value);
  if (!m) return null;
  const startMinute = Number(m[1]) * 60 + Number(m[2]);
  const endMinute = Number(m[3]) * 60 + Number(m[4]);
  return startMinute === endMinute ? null : { startMinute, endMinute };
}

/** True for an IANA zone this runtime knows (e.g. Asia/Jakarta). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const count = (field: string, max: number) =>
  z
    .number({ error: `${field} must be a whole number from 0 to ${max}` })
    .int(`${field} must be a whole number from 0 to ${max}`)
    .min(0, `${field} must be a whole number from 0 to ${max}`)
    .max(max, `${field} must be a whole number from 0 to ${max}`);

export const QuietHours = z
  .string({ error: 'quietHours must be "HH:MM-HH:MM" (24-hour, e.g. "22:00-07:00") or null' })
  .max(11, 'quietHours must be "HH:MM-HH:MM" (24-hour, e.g. "22:00-07:00") or null')
  .refine((value) => parseQuietHours(value) !== null, 'quietHours must be "HH:MM-HH:MM" (24-hour, e.g. "22:00-07:00"), start and end different');

export const TimeZone = z
  .string({ error: 'timeZone must be an IANA time zone such as Asia/Jakarta' })
  .max(64, 'timeZone must be an IANA time zone such as Asia/Jakarta')
  .refine(isTimeZone, 'timeZone must be an IANA time zone such as Asia/Jakarta');

/** The governor's settings, each one the gateway default's counterpart. 0 turns a limit off. */
export const GovernorSettings = z
  .object({
    ratePerMinute: count('ratePerMinute', 600).describe('Messages a minute at most (0: no pacing); SEND_RATE_PER_MINUTE'),
    jitterMs: count('jitterMs', 600_000).describe('Random extra gap of up to this many ms after each send; SEND_JITTER_MS'),
    hourlyCap: count('hourlyCap', 100_000).describe('Messages per clock hour at most (0: none); SEND_HOURLY_CAP'),
    dailyCap: count('dailyCap', 1_000_000).describe("Messages per day in the session's time zone at most (0: none); SEND_DAILY_CAP"),
    firstContactDailyCap: count('firstContactDailyCap', 100_000).describe(
      'Messages a day to recipients this number never exchanged a message with (0: none); SEND_FIRST_CONTACT_DAILY_CAP',
    ),
    quietHours: QuietHours.nullable().describe('Local time window in which nothing is sent, e.g. "22:00-07:00"; null: none; SEND_QUIET_HOURS'),
    timeZone: TimeZone.describe('IANA time zone of quiet hours and of the day the caps count; SEND_TIME_ZONE'),
    warmup: z
      .array(count('warmup[]', 1_000_000), { error: 'warmup must be a list of daily caps, e.g. [20, 40, 80]' })
      .max(90, 'warmup must list at most 90 days')
      .describe('Daily caps for the first days after the number was linked (day 1, day 2, …); []: no warm-up; SEND_WARMUP'),
    composingMsPerChar: count('composingMsPerChar', 1_000).describe(
      'Show "typing…" for this many ms per character of text before sending (at most 15 s; 0: off); SEND_COMPOSING_MS_PER_CHAR',
    ),
    pauseFailureRatio: z
      .number({ error: 'pauseFailureRatio must be a number from 0 to 1' })
      .min(0, 'pauseFailureRatio must be a number from 0 to 1')
      .max(1, 'pauseFailureRatio must be a number from 0 to 1')
      .describe('Pause sends when at least this share of the last window’s sends failed (at least 10 sends; 0: off); SEND_PAUSE_FAILURE_RATIO'),
    pauseRefusals: count('pauseRefusals', 1_000).describe(
      'Pause sends after this many refusals by WhatsApp (rate limit, not allowed) within the window (0: off); SEND_PAUSE_REFUSALS',
    ),
  })
  .strict();
export type GovernorSettings = z.infer<typeof GovernorSettings>;

/** PUT body: the overrides; what is left out takes the gateway's default. */
export const GovernorOverrides = GovernorSettings.partial().strict();
export type GovernorOverrides = z.infer<typeof GovernorOverrides>;

export const GovernorHold = z.object({
  kind: z.enum(['paused', 'quiet_hours', 'hourly_cap', 'daily_cap', 'first_contact_cap']),
  reason: z.string(),
  until: z.string().nullable().describe('When sending goes on by itself (ISO 8601); null: after an operator resumes'),
});
export type GovernorHold = z.infer<typeof GovernorHold>;

export const GovernorView = z.object({
  status: z.literal('success'),
  sessionId: z.string(),
  settings: GovernorSettings.describe('In force: the overrides over the gateway defaults'),
  overrides: GovernorOverrides.describe("This session's own settings"),
  limits: z.object({
    dailyCap: z.number().nullable().describe("Today's cap, warm-up included; null: none"),
    hourlyCap: z.number().nullable(),
    firstContactDailyCap: z.number().nullable(),
    warmupDay: z.number().nullable().describe('Day of the warm-up (1 = the day the number was linked); null: not warming up'),
  }),
  counts: z.object({
    today: z.number(),
    thisHour: z.number(),
    firstContactsToday: z.number(),
  }),
  quietHours: z.object({
    active: z.boolean(),
    window: z.string().nullable(),
    timeZone: z.string(),
    endsAt: z.string().nullable(),
  }),
  paused: z.object({ reason: z.string(), since: z.string() }).nullable().describe('Set by a danger signal until an operator resumes'),
  hold: GovernorHold.nullable().describe('Why sends wait now, if they do'),
  nextSendAt: z.string().nullable().describe('Earliest time the next message may go (ISO 8601); null: after a resume'),
});
export type GovernorView = z.infer<typeof GovernorView>;

export const GovernorUpdateResponse = z.object({
  status: z.literal('success'),
  message: z.string(),
  sessionId: z.string(),
  overrides: GovernorOverrides,
});

export const GovernorResumeResponse = z.object({ status: z.literal('success'), message: z.string(), sessionId: z.string() });
