// The governor's schedule and caps as pure functions of settings, counts and time: local days and
// hours in a time zone (daylight saving included), quiet hours over midnight, the warm-up schedule
// and the order holds are reported in.
import { describe, expect, it } from 'vitest';
import type { GovernorSettings } from '../../../shared/src/api/governor.js';
import { holdAt, limitsAt, quietUntil, type GovernorCounts } from './limits.js';
import { NO_LIMITS } from './no-limits.js';
import { dayBounds, daysBetween, hourBounds, instantOf, localTime } from './local-time.js';

const base = NO_LIMITS;
const at = (iso: string) => Date.parse(iso);
const none: GovernorCounts = { day: 0, hour: 0, firstContacts: 0 };

describe('local time in a zone', () => {
  it('reads the wall clock of an instant (Jakarta is UTC+7, no DST)', () => {
    expect(localTime('Asia/Jakarta', at('2026-12-07T18:30:00Z'))).toMatchObject({ year: 2026, month: 12, day: 8, hour: 1, minute: 30 });
  });

  it('finds local midnight and the next one, also across a DST change (Berlin, 29 March 2026 has 23 hours)', () => {
    expect(dayBounds('Asia/Jakarta', at('2026-12-07T18:30:00Z'))).toEqual({ start: at('2026-12-07T17:00:00Z'), end: at('2026-12-08T17:00:00Z') });
    const dst = dayBounds('Europe/Berlin', at('2026-03-29T12:00:00Z'));
    expect(dst).toEqual({ start: at('2026-03-28T23:00:00Z'), end: at('2026-03-29T22:00:00Z') });
  });

  it('finds the local clock hour in a half-hour zone (India, UTC+5:30)', () => {
    expect(hourBounds('Asia/Kolkata', at('2026-12-07T10:10:00Z'))).toEqual({ start: at('2026-12-07T09:30:00Z'), end: at('2026-12-07T10:30:00Z') });
  });

  it('turns a local date and time into the instant, overflowing days into the next month', () => {
    expect(instantOf('America/New_York', { year: 2026, month: 12, day: 32, hour: 7, minute: 0 })).toBe(at('2027-01-01T12:00:00Z'));
  });

  it('counts calendar days in the zone, not 24-hour periods', () => {
    // 23:30 and 00:30 local in Jakarta are one day apart though only an hour passed.
    expect(daysBetween('Asia/Jakarta', at('2026-12-07T16:30:00Z'), at('2026-12-07T17:30:00Z'))).toBe(1);
    expect(daysBetween('UTC', at('2026-12-07T16:30:00Z'), at('2026-12-07T17:30:00Z'))).toBe(0);
  });
});

describe('quiet hours', () => {
  const quiet = { ...base, quietHours: '22:00-07:00', timeZone: 'Asia/Jakarta' };

  it('over midnight: 23:00 local waits until 07:00 the next day, 06:00 until 07:00 the same day, 12:00 does not wait', () => {
    expect(quietUntil(quiet, at('2026-12-07T16:00:00Z'))).toBe(at('2026-12-08T00:00:00Z')); // 23:00 WIB
    expect(quietUntil(quiet, at('2026-12-07T23:00:00Z'))).toBe(at('2026-12-08T00:00:00Z')); // 06:00 WIB
    expect(quietUntil(quiet, at('2026-12-07T05:00:00Z'))).toBeNull(); // 12:00 WIB
    expect(quietUntil(quiet, at('2026-12-08T00:00:00Z'))).toBeNull(); // 07:00 WIB: the end is open
  });

  it('within one day (12:00-13:00) and in the zone, not in UTC', () => {
    const lunch = { ...base, quietHours: '12:00-13:00', timeZone: 'America/New_York' };
    expect(quietUntil(lunch, at('2026-12-07T12:30:00Z'))).toBeNull(); // 07:30 in New York
    expect(quietUntil(lunch, at('2026-12-07T17:30:00Z'))).toBe(at('2026-12-07T18:00:00Z'));
  });
});

describe('warm-up', () => {
  const warm = { ...base, warmup: [10, 20, 40], dailyCap: 30, timeZone: 'Asia/Jakarta' };
  const linked = at('2026-12-07T16:30:00Z'); // 23:30 WIB on the 7th

  it('caps day 1, 2, 3 by the schedule (never above the daily cap), then the daily cap alone', () => {
    expect(limitsAt(warm, linked, linked)).toMatchObject({ dailyCap: 10, warmupDay: 1 });
    expect(limitsAt(warm, linked, at('2026-12-07T17:30:00Z'))).toMatchObject({ dailyCap: 20, warmupDay: 2 }); // 00:30 WIB on the 8th
    expect(limitsAt(warm, linked, at('2026-12-09T05:00:00Z'))).toMatchObject({ dailyCap: 30, warmupDay: 3 });
    expect(limitsAt(warm, linked, at('2026-12-10T05:00:00Z'))).toMatchObject({ dailyCap: 30, warmupDay: null });
  });

  it('does not apply to a number whose link date is unknown, nor without a schedule', () => {
    expect(limitsAt(warm, null, linked)).toMatchObject({ dailyCap: 30, warmupDay: null });
    expect(limitsAt({ ...warm, warmup: [] }, linked, linked)).toMatchObject({ dailyCap: 30, warmupDay: null });
    expect(limitsAt({ ...base, warmup: [5] }, linked, linked)).toMatchObject({ dailyCap: 5, warmupDay: 1 });
  });
});

describe('holds', () => {
  const now = at('2026-12-07T10:20:00Z');
  const hold = (settings: GovernorSettings, counts: GovernorCounts, extra: { paused?: string; firstContact?: boolean } = {}) =>
    holdAt({
      settings,
      limits: limitsAt(settings, null, now),
      counts,
      paused: extra.paused ? { reason: extra.paused } : null,
      now,
      firstContact: extra.firstContact ?? false,
    });

  it('nothing holds under the caps', () => {
    expect(hold({ ...base, dailyCap: 5, hourlyCap: 2, firstContactDailyCap: 1 }, { day: 4, hour: 1, firstContacts: 0 }, { firstContact: true })).toBeNull();
  });

  it('a reached daily cap waits until local midnight, the hourly cap until the next hour', () => {
    const zoned = { ...base, dailyCap: 5, hourlyCap: 2, timeZone: 'Asia/Jakarta' };
    expect(hold(zoned, { day: 5, hour: 0, firstContacts: 0 })).toMatchObject({ kind: 'daily_cap', until: at('2026-12-07T17:00:00Z') });
    expect(hold(zoned, { day: 3, hour: 2, firstContacts: 0 })).toMatchObject({ kind: 'hourly_cap', until: at('2026-12-07T11:00:00Z') });
  });

  it('the first-contact cap holds only a message to a new recipient', () => {
    const capped = { ...base, firstContactDailyCap: 2 };
    const counts = { day: 9, hour: 9, firstContacts: 2 };
    expect(hold(capped, counts, { firstContact: true })).toMatchObject({ kind: 'first_contact_cap', until: at('2026-12-08T00:00:00Z') });
    expect(hold(capped, counts, { firstContact: false })).toBeNull();
  });

  it('a pause comes first and lifts only by a resume; quiet hours come before caps', () => {
    const all = { ...base, dailyCap: 1, quietHours: '10:00-11:00' };
    expect(hold(all, { day: 1, hour: 1, firstContacts: 0 }, { paused: 'WhatsApp refused 3 sends.' })).toEqual({
      kind: 'paused',
      reason: 'Sends are paused: WhatsApp refused 3 sends. An operator resumes them.',
      until: null,
    });
    expect(hold(all, { ...none, day: 1 })).toMatchObject({ kind: 'quiet_hours', until: at('2026-12-07T11:00:00Z') });
  });
});
