// The governor's rules as pure functions of the settings, the day's counts and the time: which
// limits hold today (warm-up included), whether it is quiet time, and what keeps the next message
// waiting, until when.
import { parseQuietHours, type GovernorHold, type GovernorSettings } from '../../../shared/src/api/governor.js';
import { dayBounds, daysBetween, hourBounds, instantOf, localTime } from './local-time.js';

export interface GovernorCounts {
  /** messages sent since local midnight */
  day: number;
  /** messages sent in this local clock hour */
  hour: number;
  /** of those today, to recipients never written to before */
  firstContacts: number;
}

export interface Limits {
  dailyCap: number | null;
  hourlyCap: number | null;
  firstContactDailyCap: number | null;
  /** 1 on the day the number was linked; null when not warming up */
  warmupDay: number | null;
}

export interface Hold {
  kind: GovernorHold['kind'];
  reason: string;
  /** epoch ms when it lifts by itself; null: an operator must resume */
  until: number | null;
}

const capOrNull = (n: number) => (n > 0 ? n : null);

/** Today's limits: the configured caps, the daily one lowered by the warm-up schedule while the
 * number is in its first days (counted in local calendar days from the day it was linked). */
export function limitsAt(settings: GovernorSettings, linkedAt: number | null, now: number): Limits {
  const day = linkedAt === null ? null : daysBetween(settings.timeZone, linkedAt, now) + 1;
  const warmupCap = day !== null && day >= 1 ? settings.warmup[day - 1] : undefined;
  const daily = capOrNull(settings.dailyCap);
  return {
    dailyCap: warmupCap === undefined ? daily : Math.min(warmupCap, daily ?? Number.POSITIVE_INFINITY),
    hourlyCap: capOrNull(settings.hourlyCap),
    firstContactDailyCap: capOrNull(settings.firstContactDailyCap),
    warmupDay: warmupCap === undefined ? null : day,
  };
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Whether a local minute of the day falls in a window [start, end); one like 22:00-07:00 runs over midnight. */
export function insideWindow(window: { startMinute: number; endMinute: number }, minute: number): boolean {
  const { startMinute, endMinute } = window;
  return startMinute > endMinute ? minute >= startMinute || minute < endMinute : minute >= startMinute && minute < endMinute;
}

/** When the quiet hours `now` falls in end, or null outside them. A window like 22:00-07:00 runs
 * over midnight: 23:00 ends at 07:00 the next day, 06:00 at 07:00 the same day. */
export function quietUntil(settings: GovernorSettings, now: number): number | null {
  const window = settings.quietHours === null ? null : parseQuietHours(settings.quietHours);
  if (!window) return null;
  const t = localTime(settings.timeZone, now);
  const minute = t.hour * 60 + t.minute;
  const { startMinute, endMinute } = window;
  if (!insideWindow(window, minute)) return null;
  const nextDay = startMinute > endMinute && minute >= startMinute ? 1 : 0;
  return instantOf(settings.timeZone, { ...t, day: t.day + nextDay, hour: Math.floor(endMinute / 60), minute: endMinute % 60 });
}

/** What keeps a message waiting now, in the order an operator needs to hear it: a pause first,
 * then quiet hours, the daily, hourly and first-contact caps. `firstContact`: the recipient was
 * never written to (only then does that cap apply). */
export function holdAt(input: {
  settings: GovernorSettings;
  limits: Limits;
  counts: GovernorCounts;
  paused: { reason: string } | null;
  now: number;
  firstContact: boolean;
}): Hold | null {
  const { settings, limits, counts, paused, now } = input;
  if (paused) return { kind: 'paused', reason: `Sends are paused: ${paused.reason} An operator resumes them.`, until: null };
  const quietEnd = quietUntil(settings, now);
  if (quietEnd !== null) {
    const window = parseQuietHours(settings.quietHours ?? '');
    const end = window ? hhmm(window.endMinute) : '';
    return { kind: 'quiet_hours', reason: `Quiet hours (${settings.quietHours}, ${settings.timeZone}): sending resumes at ${end}.`, until: quietEnd };
  }
  const zone = settings.timeZone;
  if (limits.dailyCap !== null && counts.day >= limits.dailyCap) {
    const what = limits.warmupDay !== null ? `warm-up day ${limits.warmupDay} cap of ${limits.dailyCap}` : `daily cap of ${limits.dailyCap}`;
    return { kind: 'daily_cap', reason: `The ${what} messages is reached: sending resumes tomorrow (${zone}).`, until: dayBounds(zone, now).end };
  }
  if (limits.hourlyCap !== null && counts.hour >= limits.hourlyCap) {
    return {
      kind: 'hourly_cap',
      reason: `The hourly cap of ${limits.hourlyCap} messages is reached: sending resumes next hour.`,
      until: hourBounds(zone, now).end,
    };
  }
  if (input.firstContact && limits.firstContactDailyCap !== null && counts.firstContacts >= limits.firstContactDailyCap) {
    return {
      kind: 'first_contact_cap',
      reason: `The cap of ${limits.firstContactDailyCap} first-contact messages a day is reached: new recipients wait until tomorrow (${zone}).`,
      until: dayBounds(zone, now).end,
    };
  }
  return null;
}
