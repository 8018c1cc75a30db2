import { describe, expect, it } from 'vitest';
import { DangerSignals, MIN_SENDS_FOR_RATIO } from './danger-signals.js';

const limits = { windowMs: 600_000, failureRatio: 0.5, refusals: 3 };

describe('DangerSignals', () => {
  it('pauses on the third refusal within the window, naming the codes', () => {
    const signals = new DangerSignals();
    signals.send(0);
    signals.refusal(1_000, '479');
    signals.refusal(2_000, '463');
    expect(signals.check(2_000, limits)).toBeNull();
    signals.refusal(3_000, '479');
    expect(signals.check(3_000, limits)).toBe(
      'WhatsApp refused 3 sends within 10 min (error 479: stanza rejected by the server, error 463: account restricted from starting chats).',
    );
  });

  it('forgets signals older than the window', () => {
    const signals = new DangerSignals();
    signals.refusal(0, '479');
    signals.refusal(1, '479');
    signals.refusal(600_500, '479');
    expect(signals.check(600_500, limits)).toBeNull();
  });

  it('pauses on a failure ratio only with enough sends to judge', () => {
    const signals = new DangerSignals();
    for (let i = 0; i < MIN_SENDS_FOR_RATIO - 1; i++) signals.failure(i);
    expect(signals.check(100, limits)).toBeNull();
    signals.failure(100);
    expect(signals.check(100, limits)).toBe(`${MIN_SENDS_FOR_RATIO} of the last ${MIN_SENDS_FOR_RATIO} sends within 10 min failed.`);
  });

  it('stays quiet below the ratio, with a threshold off, and after clear()', () => {
    const signals = new DangerSignals();
    for (let i = 0; i < 20; i++) signals.send(i);
    for (let i = 0; i < 9; i++) signals.failure(i);
    expect(signals.check(100, limits)).toBeNull();
    signals.failure(50);
    expect(signals.check(100, limits)).toMatch(/^10 of the last 20 sends/);
    expect(signals.check(100, { ...limits, failureRatio: 0 })).toBeNull();
    signals.clear();
    expect(signals.check(100, limits)).toBeNull();
  });
});
