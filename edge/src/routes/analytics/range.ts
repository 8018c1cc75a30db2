import { BUCKET_MS, DEFAULT_RANGE_MS, MAX_RANGE_MS, type Granularity } from '../../../../shared/src/api/analytics.js';
import { ApiError } from '../../errors.js';

export interface BucketRange {
  /** The first bucket's start (ms), `since` rounded down. */
  start: number;
  /** Exclusive end (ms). */
  end: number;
  size: number;
  /** Each bucket's start, oldest first. */
  buckets: number[];
}

const HUMAN: Record<Granularity, string> = { minute: '24 hours', hour: '31 days', day: '366 days' };

/** The buckets `since`..`until` cover at this granularity (defaults: the last hour, day or 30 days),
 * bounded so an answer never holds more than 1,440 buckets. */
export function bucketRange(granularity: Granularity, since: string | undefined, until: string | undefined, now: number): BucketRange {
  const size = BUCKET_MS[granularity];
  const end = until ? Date.parse(until) : now;
  const begin = since ? Date.parse(since) : end - DEFAULT_RANGE_MS[granularity];
  if (begin >= end) throw new ApiError(400, 'since must be before until.', [{ path: 'since', message: 'since must be before until' }]);
  if (end - begin > MAX_RANGE_MS[granularity]) {
    const message = `since must be at most ${HUMAN[granularity]} before until with granularity=${granularity}.`;
    throw new ApiError(400, message, [{ path: 'since', message }]);
  }
  const start = begin - (begin % size);
  const buckets: number[] = [];
  for (let at = start; at < end; at += size) buckets.push(at);
  return { start, end, size, buckets };
}
