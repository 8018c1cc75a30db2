import { describe, expect, it } from 'vitest';
import { leastLoaded, splitSessions, type HostLoad } from './host-loads.js';

const host = (hostId: string, sessions: number, rest: Partial<HostLoad> = {}): HostLoad => ({
  hostId,
  url: `http://${hostId}`,
  live: true,
  draining: false,
  sessions,
  eventLoopLagMs: 0,
  heartbeatAt: 0,
  ...rest,
});

describe('placement', () => {
  it('places on the live, not draining host with the fewest sessions; a tie goes to the lower id', () => {
    expect(leastLoaded([host('b', 1), host('a', 1), host('c', 2)])?.hostId).toBe('a');
    expect(leastLoaded([host('a', 0, { draining: true }), host('b', 0, { live: false }), host('c', 5)])?.hostId).toBe('c');
    expect(leastLoaded([host('a', 0, { draining: true })])).toBeUndefined();
  });

  it('splits unowned sessions so every host ends as even as it can, whatever order they are listed in', () => {
    const split = splitSessions([host('b', 0), host('a', 2), host('c', 1), host('d', 0, { draining: true })], ['s5', 's1', 's3', 's2', 's4']);
    const per = (id: string) => [...split.values()].filter((h) => h === id).length;
    // a 2, b 0, c 1 plus five: 8 over three hosts ends 3, 3, 2; the draining one gets none.
    expect([per('a'), per('b'), per('c'), per('d')]).toEqual([1, 3, 1, 0]);
    expect(split.size).toBe(5);
    expect(splitSessions([host('a', 0, { live: false })], ['s1']).size).toBe(0);
  });
});
