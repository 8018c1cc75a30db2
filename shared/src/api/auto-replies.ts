// A session's auto-reply rules: what an incoming message must match, the reply, and the guards
// (time window, per-contact cooldown) that keep two gateways or two rules from answering forever.
import { RE2JS } from 're2js';
import { z } from 'zod';
import { isTimeZone, parseQuietHours } from './governor.js';
import { AudioContent, VideoContent } from './message-content.js';
import { DocumentContent, ImageContent, TextContent } from './messages.js';
import { SessionId } from './common.js';

export const MAX_AUTO_REPLY_RULES = 50;
/** Patterns are bounded in length and, for regular expressions, in compiled size: RE2 matches in
 * time linear in the text, and this caps the factor per character. */
export const MAX_PATTERN_CHARS = 500;
export const MAX_REGEX_PROGRAM_SIZE = 600;
export const MIN_COOLDOWN_SECONDS = 60;
export const MAX_COOLDOWN_SECONDS = 30 * 24 * 3600;
export const DEFAULT_COOLDOWN_SECONDS = 3600;
export const AUTO_REPLY_MATCH_KINDS = ['exact', 'contains', 'regex', 'first_message'] as const;
export type AutoReplyMatchKind = (typeof AUTO_REPLY_MATCH_KINDS)[number];

/** Counted repetitions as written (`{n}`, `{n,m}`, `{n,}`): their bounds added up. RE2 itself keeps
 * nested ones under 1000 together, but a row of them (`a{1000}a{1000}…`) compiles to a program as
 * long as their sum, so the sum is capped before compiling. */
function repetitionTotal(pattern: string): number {
  let total = 0;
  for (const m of pattern.matchAll(/\{(\d{1,4})(?:,(\d{0,4}))?\}/g)) total += Math.max(Number(m[1]), Number(m[2] || 0));
  return total;
}

/** The compiled expression, or why it is refused (syntax, or too large to match cheaply). */
export function compileRegex(pattern: string, caseSensitive: boolean): { ok: true; regex: RE2JS } | { ok: false; reason: string } {
  const repeats = repetitionTotal(pattern);
  if (repeats > MAX_REGEX_PROGRAM_SIZE) {
    return { ok: false, reason: `pattern is too complex (its counted repetitions add up to ${repeats}, at most ${MAX_REGEX_PROGRAM_SIZE})` };
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    return { ok: false, reason: `pattern is not a valid regular expression (RE2 syntax): ${err instanceof Error ? err.message : String(err)}` };
  }
  if (regex.programSize() > MAX_REGEX_PROGRAM_SIZE) {
    return { ok: false, reason: `pattern is too complex (compiled size ${regex.programSize()}, at most ${MAX_REGEX_PROGRAM_SIZE}): shorten its repetitions` };
  }
  return { ok: true, regex };
}

/** What the rule answers with: a text or one media message (uploaded mediaId or https link). */
export const AutoReplyContent = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('text'), text: TextContent }),
    z.object({ type: z.literal('image'), image: ImageContent }),
    z.object({ type: z.literal('document'), document: DocumentContent }),
    z.object({ type: z.literal('video'), video: VideoContent }),
    z.object({ type: z.literal('audio'), audio: AudioContent }),
  ],
  { error: 'reply.type must be one of text, image, document, video, audio' },
);
export type AutoReplyContent = z.infer<typeof AutoReplyContent>;

export const TimeWindow = z
  .string({ error: 'timeWindow must be "HH:MM-HH:MM" (24-hour, e.g. "09:00-17:00") or null' })
  .max(11, 'timeWindow must be "HH:MM-HH:MM" (24-hour, e.g. "09:00-17:00") or null')
  .refine((value) => parseQuietHours(value) !== null, 'timeWindow must be "HH:MM-HH:MM" (24-hour, e.g. "09:00-17:00"), start and end different');

const RuleFields = {
  name: z.string({ error: 'name must be a string' }).trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters').nullable(),
  enabled: z.boolean({ error: 'enabled must be true or false' }),
  priority: z
    .number({ error: 'priority must be a whole number from 0 to 10000' })
    .int('priority must be a whole number from 0 to 10000')
    .min(0, 'priority must be a whole number from 0 to 10000')
    .max(10_000, 'priority must be a whole number from 0 to 10000')
    .describe('Lower is tried first; equal priorities in creation order. The first rule that matches answers.'),
  match: z
    .enum(AUTO_REPLY_MATCH_KINDS, { error: `match must be one of ${AUTO_REPLY_MATCH_KINDS.join(', ')}` })
    .describe(
      'exact: the whole text equals pattern (trimmed); contains: the text contains it; regex: RE2 syntax (linear-time, no backreferences); ' +
        'first_message: the first message of a contact this session never exchanged a message with (no pattern)',
    ),
  pattern: z
    .string({ error: 'pattern must be a string' })
    .min(1, 'pattern must not be empty')
    .max(MAX_PATTERN_CHARS, `pattern must be at most ${MAX_PATTERN_CHARS} characters`)
    .nullable(),
  caseSensitive: z.boolean({ error: 'caseSensitive must be true or false' }),
  reply: AutoReplyContent,
  groups: z.boolean({ error: 'groups must be true or false' }).describe('Also answer in group chats (default false: 1:1 chats only)'),
  timeWindow: TimeWindow.nullable().describe('Local time window in which the rule answers, e.g. "09:00-17:00" or "22:00-07:00"; null: always'),
  timeZone: z
    .string({ error: 'timeZone must be an IANA time zone such as Asia/Jakarta' })
    .max(64, 'timeZone must be an IANA time zone such as Asia/Jakarta')
    .refine(isTimeZone, 'timeZone must be an IANA time zone such as Asia/Jakarta')
    .describe('Zone of timeWindow (default UTC)'),
  cooldownSeconds: z
    .number({ error: `cooldownSeconds must be a whole number from ${MIN_COOLDOWN_SECONDS} to ${MAX_COOLDOWN_SECONDS}` })
    .int(`cooldownSeconds must be a whole number from ${MIN_COOLDOWN_SECONDS} to ${MAX_COOLDOWN_SECONDS}`)
    .min(MIN_COOLDOWN_SECONDS, `cooldownSeconds must be a whole number from ${MIN_COOLDOWN_SECONDS} to ${MAX_COOLDOWN_SECONDS}`)
    .max(MAX_COOLDOWN_SECONDS, `cooldownSeconds must be a whole number from ${MIN_COOLDOWN_SECONDS} to ${MAX_COOLDOWN_SECONDS}`)
    .describe('After any auto-reply to a contact (by any rule), none goes to it for this long: two gateways answering each other stop after one exchange'),
};

/** A rule whose fields agree: a pattern for every kind but first_message, and a regex that compiles. */
function checkPattern(rule: { match: AutoReplyMatchKind; pattern: string | null; caseSensitive: boolean }, ctx: z.RefinementCtx): void {
  if (rule.match === 'first_message') {
    if (rule.pattern !== null) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'pattern must be null or left out when match is first_message' });
    return;
  }
  if (rule.pattern === null) {
    ctx.addIssue({ code: 'custom', path: ['pattern'], message: `pattern is required when match is ${rule.match}` });
    return;
  }
  // A pattern over the limit is already refused; compiling it would only cost time.
  if (rule.match === 'regex' && rule.pattern.length <= MAX_PATTERN_CHARS) {
    const compiled = compileRegex(rule.pattern, rule.caseSensitive);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', path: ['pattern'], message: compiled.reason });
  }
}

export const AutoReplyRuleInput = z
  .object({
    name: RuleFields.name.default(null),
    enabled: RuleFields.enabled.default(true),
    priority: RuleFields.priority.default(0),
    match: RuleFields.match,
    pattern: RuleFields.pattern.default(null),
    caseSensitive: RuleFields.caseSensitive.default(false),
    reply: RuleFields.reply,
    groups: RuleFields.groups.default(false),
    timeWindow: RuleFields.timeWindow.default(null),
    timeZone: RuleFields.timeZone.default('UTC'),
    cooldownSeconds: RuleFields.cooldownSeconds.default(DEFAULT_COOLDOWN_SECONDS),
  })
  .strict()
  .superRefine(checkPattern);
export type AutoReplyRuleInput = z.infer<typeof AutoReplyRuleInput>;

/** PATCH: any of the fields; the result must still be a whole valid rule. */
export const AutoReplyRulePatch = z
  .object({
    name: RuleFields.name.optional(),
    enabled: RuleFields.enabled.optional(),
    priority: RuleFields.priority.optional(),
    match: RuleFields.match.optional(),
    pattern: RuleFields.pattern.optional(),
    caseSensitive: RuleFields.caseSensitive.optional(),
    reply: RuleFields.reply.optional(),
    groups: RuleFields.groups.optional(),
    timeWindow: RuleFields.timeWindow.optional(),
    timeZone: RuleFields.timeZone.optional(),
    cooldownSeconds: RuleFields.cooldownSeconds.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'name, enabled, priority, match, pattern, reply or another rule field is required',
    path: ['enabled'],
  });
export type AutoReplyRulePatch = z.infer<typeof AutoReplyRulePatch>;

/** A patched rule checked as a whole (a new match kind may need a pattern, a new pattern must compile). */
export const AutoReplyRuleMerged = z.object(RuleFields).superRefine(checkPattern);

export const AutoReplyRuleParams = z.object({
  sessionId: SessionId,
  ruleId: z
    .string({ error: 'ruleId is required' })
    .regex(/^[1-9]\d{0,15}$/, 'ruleId must be the id of one of the session auto-reply rules')
    .transform(Number),
});

export const AutoReplyRule = z.object({
  id: z.number().int(),
  name: z.string().nullable(),
  enabled: z.boolean(),
  priority: z.number().int(),
  match: z.enum(AUTO_REPLY_MATCH_KINDS),
  pattern: z.string().nullable(),
  caseSensitive: z.boolean(),
  reply: z.record(z.string(), z.unknown()).describe('AutoReplyContent: { type, text | image | document | video | audio }'),
  groups: z.boolean(),
  timeWindow: z.string().nullable(),
  timeZone: z.string(),
  cooldownSeconds: z.number().int(),
  createdAt: z.string().describe('ISO 8601'),
  updatedAt: z.string().describe('ISO 8601'),
});
export type AutoReplyRule = z.infer<typeof AutoReplyRule>;

export const AutoReplyRuleResponse = z.object({ status: z.literal('success'), rule: AutoReplyRule });
export const AutoReplyRuleChanged = z.object({ status: z.literal('success'), message: z.string(), rule: AutoReplyRule });
export const AutoReplyRuleList = z.object({ status: z.literal('success'), sessionId: z.string(), rules: z.array(AutoReplyRule) });
