import { describe, expect, it } from 'vitest';
import { RecentMap } from './recent-map.js';

describe('RecentMap', () => {
  it('keeps only the most recently set keys: a key set again is the newest, the oldest goes past the bound', () => {
    const map = new RecentMap<string, number>(3);
    for (const key of ['a', 'b', 'c']) map.set(key, 1);
    map.set('a', 2);
    map.set('d', 1);
    expect(map.size).toBe(3);
    expect(map.has('b')).toBe(false);
    expect(map.get('a')).toBe(2);
    expect([map.has('c'), map.has('d')]).toEqual([true, true]);
  });

  it('a stream of new keys far past the bound holds the bound', () => {
    const map = new RecentMap<number, true>(100);
    for (let i = 0; i < 100_000; i++) map.set(i, true);
    expect(map.size).toBe(100);
    expect(map.has(99_999)).toBe(true);
    expect(map.has(99_899)).toBe(false);
  });

  it('dropOldestWhile drops from the oldest on and stops at the first entry that is not stale', () => {
    const map = new RecentMap<string, number>(10);
    map.set('t1', 1);
    map.set('t2', 2);
    map.set('t5', 5);
    map.set('t3', 3);
    map.dropOldestWhile((t) => t < 4);
    expect([map.has('t1'), map.has('t2'), map.has('t5'), map.has('t3')]).toEqual([false, false, true, true]);
  });
});
