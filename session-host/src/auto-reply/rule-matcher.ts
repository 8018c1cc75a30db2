// Auto-reply rules compiled once (when a session starts or its rules change) and matched against
// each incoming text in memory. Regular expressions run on RE2 (re2js): time linear in the text,
// whatever the pattern, and the pattern's compiled size is bounded when the rule is stored.
import type { RE2JS } from 're2js';
import { AutoReplyContent, type AutoReplyMatchKind, compileRegex } from '../../../shared/src/api/auto-replies.js';
import { parseQuietHours } from '../../../shared/src/api/governor.js';
import { insideWindow } from '../governor/limits.js';
import { localTime } from '../governor/local-time.js';

/** The longest text a rule looks at: a regex costs time in proportion to it. */
export const MATCHED_TEXT_CHARS = 4096;

export interface StoredRule {
  id: number;
  matchKind: string;
  pattern: string | null;
  caseSensitive: boolean;
  reply: string;
  inGroups: boolean;
  timeWindow: string | null;
  timeZone: string;
  cooldownSeconds: number;
}

export interface CompiledRule {
  id: number;
  kind: AutoReplyMatchKind;
  reply: AutoReplyContent;
  inGroups: boolean;
  cooldownMs: number;
  /** Local minutes [start, end) of the day in `timeZone`; null: always. */
  window: { startMinute: number; endMinute: number; timeZone: string } | null;
  /** True when the text matches (first_message rules: always; the contact check is separate). */
  test(text: string): boolean;
}

const fold = (text: string, caseSensitive: boolean) => (caseSensitive ? text : text.toLocaleLowerCase());

function tester(rule: StoredRule): ((text: string) => boolean) | null {
  const kind = rule.matchKind as AutoReplyMatchKind;
  if (kind === 'first_message') return () => true;
  if (rule.pattern === null) return null;
  if (kind === 'regex') {
    const compiled = compileRegex(rule.pattern, rule.caseSensitive);
    if (!compiled.ok) return null;
    const regex: RE2JS = compiled.regex;
    return (text) => regex.matcher(text).find();
  }
  const pattern = fold(rule.pattern.trim(), rule.caseSensitive);
  if (kind === 'exact') return (text) => fold(text.trim(), rule.caseSensitive) === pattern;
  if (kind === 'contains') return (text) => fold(text, rule.caseSensitive).includes(pattern);
  return null;
}

/** The rules that still read (a row edited by hand into nonsense is skipped, not fatal), in the order given. */
export function compileRules(rows: StoredRule[]): CompiledRule[] {
  return rows.flatMap((row) => {
    const test = tester(row);
    let reply: AutoReplyContent;
    try {
      const parsed = AutoReplyContent.safeParse(JSON.parse(row.reply));
      if (!parsed.success) return [];
      reply = parsed.data;
    } catch {
      return [];
    }
    if (!test) return [];
    const window = row.timeWindow ? parseQuietHours(row.timeWindow) : null;
    return [
      {
        id: row.id,
        kind: row.matchKind as AutoReplyMatchKind,
        reply,
        inGroups: row.inGroups,
        cooldownMs: row.cooldownSeconds * 1000,
        window: window ? { ...window, timeZone: row.timeZone } : null,
        test: (text: string) => test(text.slice(0, MATCHED_TEXT_CHARS)),
      },
    ];
  });
}

/** For one message: whether `now` falls in a rule's local time window, the wall clock read once per
 * time zone (Intl's formatting is most of a rule's cost otherwise). */
export function windowsAt(now: number): (rule: Pick<CompiledRule, 'window'>) => boolean {
  const minutes = new Map<string, number>();
  return ({ window }) => {
    if (!window) return true;
    let minute = minutes.get(window.timeZone);
    if (minute === undefined) {
      const t = localTime(window.timeZone, now);
      minute = t.hour * 60 + t.minute;
      minutes.set(window.timeZone, minute);
    }
    return insideWindow(window, minute);
  };
}
