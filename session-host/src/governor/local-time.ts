// Wall-clock arithmetic in an IANA time zone with nothing but Intl: the local date and time of an
// instant, and the instant of a local date and time (daylight saving included).

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

export function localTime(timeZone: string, at: number): LocalTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatFor(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** How far the zone's wall clock is ahead of UTC at `at`. */
function offsetAt(timeZone: string, at: number): number {
  const t = localTime(timeZone, at);
  const wholeSecond = at - (((at % 1000) + 1000) % 1000);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - wholeSecond;
}

/** The instant a local date and time happens (fields may overflow: day 32 is the next month's 1st).
 * A time skipped by a daylight-saving jump lands just after the jump. */
export function instantOf(timeZone: string, t: LocalTime): number {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  const first = asUtc - offsetAt(timeZone, asUtc);
  return asUtc - offsetAt(timeZone, first);
}

/** Local midnight starting the day `at` falls in, and the next one. */
export function dayBounds(timeZone: string, at: number): { start: number; end: number } {
  const t = localTime(timeZone, at);
  return {
    start: instantOf(timeZone, { ...t, hour: 0, minute: 0 }),
    end: instantOf(timeZone, { ...t, day: t.day + 1, hour: 0, minute: 0 }),
  };
}

/** The local clock hour `at` falls in (zones with half-hour offsets included). */
export function hourBounds(timeZone: string, at: number): { start: number; end: number } {
  const t = localTime(timeZone, at);
  const start = instantOf(timeZone, { ...t, minute: 0 });
  return { start, end: start + 3_600_000 };
}

/** Calendar days from the local day of `from` to that of `to` (0: the same day). */
export function daysBetween(timeZone: string, from: number, to: number): number {
  const a = localTime(timeZone, from);
  const b = localTime(timeZone, to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
