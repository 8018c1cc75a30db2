import { describe, expect, it } from 'vitest';
import { compileRules, MATCHED_TEXT_CHARS, type StoredRule, windowsAt } from './rule-matcher.js';

const inWindow = (rule: Parameters<ReturnType<typeof windowsAt>>[0], now: number) => windowsAt(now)(rule);

const reply = JSON.stringify({ type: 'text', text: { body: 'ok' } });
const rule = (fields: Partial<StoredRule>): StoredRule => ({
  id: 1,
  matchKind: 'contains',
  pattern: 'x',
  caseSensitive: false,
  reply,
  inGroups: false,
  timeWindow: null,
  timeZone: 'UTC',
  cooldownSeconds: 60,
  ...fields,
});
const one = (fields: Partial<StoredRule>) => {
  const [compiled] = compileRules([rule(fields)]);
  if (!compiled) throw new Error('rule did not compile');
  return compiled;
};

describe('auto-reply rule matching', () => {
  it('exact compares the trimmed whole text; contains finds the pattern anywhere; both fold case unless caseSensitive', () => {
    const exact = one({ matchKind: 'exact', pattern: 'Menu' });
    expect([exact.test('  menu '), exact.test('MENU'), exact.test('menu please')]).toEqual([true, true, false]);
    const strict = one({ matchKind: 'exact', pattern: 'Menu', caseSensitive: true });
    expect([strict.test('Menu'), strict.test('menu')]).toEqual([true, false]);
    const contains = one({ matchKind: 'contains', pattern: 'price' });
    expect([contains.test('Your PRICES?'), contains.test('cost')]).toEqual([true, false]);
  });

  it('regex runs on RE2: a pattern that is exponential for a backtracking engine (2^4000 paths here) answers', () => {
    const regex = one({ matchKind: 'regex', pattern: '^(a+)+$' });
    expect(regex.test(`${'a'.repeat(4000)}!`)).toBe(false);
    expect(regex.test('aaaa')).toBe(true);
    // Only the first MATCHED_TEXT_CHARS characters are looked at: the cost per message is bounded.
    expect(regex.test(`${'a'.repeat(MATCHED_TEXT_CHARS)}!`)).toBe(true);
    expect(one({ matchKind: 'regex', pattern: 'order\\s+#(\\d+)' }).test('ORDER #42')).toBe(true);
  });

  it('rows that no longer read (bad regex, unknown kind, broken reply) are skipped, the rest kept in order', () => {
    const rules = compileRules([
      rule({ id: 1, matchKind: 'regex', pattern: '(a' }),
      rule({ id: 2, matchKind: 'sounds-like' }),
      rule({ id: 3, reply: '{"type":"text"}' }),
      rule({ id: 4, matchKind: 'first_message', pattern: null }),
      rule({ id: 5 }),
    ]);
    expect(rules.map((r) => r.id)).toEqual([4, 5]);
    expect(rules[0]!.test('anything')).toBe(true);
  });

  it('a time window is local to its zone and may run over midnight', () => {
    const day = one({ timeWindow: '09:00-17:00', timeZone: 'Asia/Jakarta' });
    expect(inWindow(day, Date.parse('2026-11-02T03:00:00Z'))).toBe(true); // 10:00 WIB
    expect(inWindow(day, Date.parse('2026-11-02T10:00:00Z'))).toBe(false); // 17:00 WIB: the end is outside
    const night = one({ timeWindow: '22:00-07:00', timeZone: 'UTC' });
    expect([night.window, inWindow(night, Date.parse('2026-11-02T23:30:00Z')), inWindow(night, Date.parse('2026-11-02T06:59:00Z'))]).toEqual([
      { startMinute: 22 * 60, endMinute: 7 * 60, timeZone: 'UTC' },
      true,
      true,
    ]);
    expect(inWindow(night, Date.parse('2026-11-02T12:00:00Z'))).toBe(false);
    expect(inWindow(one({}), Date.now())).toBe(true);
  });

  it('one message reads each zone once: rules of different zones at the same instant each get their own local time', () => {
    const at = windowsAt(Date.parse('2026-11-02T03:00:00Z')); // 10:00 in Jakarta, 03:00 in UTC, 22:00 in New York
    const jakarta = one({ timeWindow: '09:00-17:00', timeZone: 'Asia/Jakarta' });
    const utc = one({ timeWindow: '09:00-17:00', timeZone: 'UTC' });
    const newYork = one({ timeWindow: '21:00-23:00', timeZone: 'America/New_York' });
    expect([at(jakarta), at(utc), at(newYork), at(jakarta)]).toEqual([true, false, true, true]);
  });
});
