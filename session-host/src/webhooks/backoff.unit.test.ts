import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from 2 s and caps at 1 h by default', () => {
    const mid = () => 0.5; // no jitter at the midpoint
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, {}, mid))).toEqual([2000, 4000, 8000, 16000, 32000]);
    expect(backoffDelay(12, {}, mid)).toBe(3_600_000);
    expect(backoffDelay(500, {}, mid)).toBe(3_600_000);
  });

  it('spreads by ±jitter and never passes the cap', () => {
    expect(backoffDelay(1, { jitter: 0.2 }, () => 0)).toBe(1600);
    expect(backoffDelay(1, { jitter: 0.2 }, () => 1)).toBe(2400);
    expect(backoffDelay(20, { jitter: 0.2 }, () => 1)).toBe(3_600_000);
    expect(backoffDelay(3, { baseMs: 10, maxMs: 25, jitter: 0 })).toBe(25);
  });
});
