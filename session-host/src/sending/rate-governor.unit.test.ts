import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateGovernor } from './rate-governor.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** When each of `n` waits resolves, in fake milliseconds after the first call. */
async function releaseTimes(governor: RateGovernor, n: number): Promise<number[]> {
  const start = Date.now();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const waiting = governor.wait().then(() => times.push(Date.now() - start));
    await vi.runAllTimersAsync();
    await waiting;
  }
  return times;
}

describe('RateGovernor', () => {
  it('lets the first message go at once and spaces the next ones 60 s / perMinute apart (the default 30/min: 2 s)', async () => {
    expect(await releaseTimes(new RateGovernor(30, 0), 4)).toEqual([0, 2000, 4000, 6000]);
  });

  it('lengthens each gap by the jitter the random source picks, up to jitterMs', async () => {
    const rolls = [1, 0.5, 0];
    expect(await releaseTimes(new RateGovernor(60, 1000, Date.now, () => rolls.shift() ?? 0), 4)).toEqual([0, 2000, 3500, 4500]);
  });

  it('does not save up allowance while idle: after a pause the next message waits one gap at most', async () => {
    const governor = new RateGovernor(30, 0);
    await releaseTimes(governor, 1);
    vi.advanceTimersByTime(60_000);
    expect(await releaseTimes(governor, 3)).toEqual([0, 2000, 4000]);
  });

  it('with perMinute 0 never waits', async () => {
    const governor = new RateGovernor(0, 5000);
    expect(governor.enabled).toBe(false);
    expect(await releaseTimes(governor, 5)).toEqual([0, 0, 0, 0, 0]);
  });

  it('waitWithin takes a slot only if it comes in time; a refused caller takes nothing, so the next send is not pushed back', async () => {
    const governor = new RateGovernor(30, 0);
    await releaseTimes(governor, 1);
    // the next slot is 2 s away: a caller that can wait 1 s is refused at once
    expect(await governor.waitWithin(1_000)).toBe(false);
    const start = Date.now();
    const admitted = governor.waitWithin(2_000);
    await vi.runAllTimersAsync();
    expect(await admitted).toBe(true);
    expect(Date.now() - start).toBe(2_000);
    // the refusal reserved nothing: the following slot is one gap later, not two
    expect(await releaseTimes(governor, 1)).toEqual([2_000]);
  });
});
