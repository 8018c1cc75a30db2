import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors.js';
import { bucketRange } from './range.js';

const NOW = Date.UTC(2030, 0, 31, 12, 34, 56, 789);

describe('bucketRange', () => {
  it('defaults to the last hour, day or 30 days up to now, the first bucket rounded down', () => {
    const minute = bucketRange('minute', undefined, undefined, NOW);
    expect(minute).toMatchObject({ start: Date.UTC(2030, 0, 31, 11, 34), end: NOW, size: 60_000 });
    expect(minute.buckets).toHaveLength(61);
    expect(minute.buckets.at(-1)).toBe(Date.UTC(2030, 0, 31, 12, 34));
    const hour = bucketRange('hour', undefined, undefined, NOW);
    expect(hour.buckets).toHaveLength(25);
    expect(hour.buckets[0]).toBe(Date.UTC(2030, 0, 30, 12));
    const day = bucketRange('day', undefined, undefined, NOW);
    expect(day.buckets).toHaveLength(31);
    expect(day.buckets.at(-1)).toBe(Date.UTC(2030, 0, 31));
  });

  it('takes since and until as given, until exclusive', () => {
    const range = bucketRange('hour', '2030-01-01T00:30:00Z', '2030-01-01T03:00:00Z', NOW);
    expect(range.buckets).toEqual([Date.UTC(2030, 0, 1, 0), Date.UTC(2030, 0, 1, 1), Date.UTC(2030, 0, 1, 2)]);
    // an offset is honoured: 07:00+07:00 is midnight UTC
    expect(bucketRange('day', '2030-01-02T07:00:00+07:00', '2030-01-03T00:00:00Z', NOW).buckets).toEqual([Date.UTC(2030, 0, 2)]);
    // until alone: the default length before it
    expect(bucketRange('hour', undefined, '2030-01-01T00:00:00Z', NOW).buckets[0]).toBe(Date.UTC(2029, 11, 31));
  });

  it('refuses an empty or reversed range and one longer than its granularity allows, naming since', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (err) {
        return err instanceof ApiError ? { status: err.status, message: err.message, path: err.details?.[0]?.path } : err;
      }
      return 'accepted';
    };
    expect(refusal(() => bucketRange('hour', '2030-01-02T00:00:00Z', '2030-01-02T00:00:00Z', NOW))).toEqual({
      status: 400,
      message: 'since must be before until.',
      path: 'since',
    });
    expect(refusal(() => bucketRange('minute', '2030-01-01T00:00:00Z', '2030-01-02T00:00:00.001Z', NOW))).toMatchObject({ status: 400, path: 'since' });
    expect(bucketRange('minute', '2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z', NOW).buckets).toHaveLength(1440);
    expect(refusal(() => bucketRange('day', '2028-01-01T00:00:00Z', '2030-01-01T00:00:00Z', NOW))).toMatchObject({
      status: 400,
      message: 'since must be at most 366 days before until with granularity=day.',
    });
  });
});
