import { describe, expect, it } from 'vitest';
import { inChatLanes } from './chat-lanes.js';

/** Work that finishes only when the test says so, recording starts and ends. */
function controlledWork() {
  const log: string[] = [];
  const release = new Map<string, () => void>();
  const started = new Set<string>();
  const listeners: (() => void)[] = [];
  const work = (item: { chat: string; n: number }) =>
    new Promise<void>((resolve) => {
      const key = `${item.chat}${item.n}`;
      log.push(`start ${key}`);
      started.add(key);
      release.set(key, () => {
        log.push(`end ${key}`);
        resolve();
      });
      for (const l of listeners.splice(0)) l();
    });
  const whenStarted = async (key: string) => {
    while (!started.has(key)) await new Promise<void>((resolve) => listeners.push(resolve));
  };
  return { log, work, whenStarted, finish: (key: string) => release.get(key)!() };
}
const item = (chat: string, n: number) => ({ chat, n });

describe('inChatLanes', () => {
  it('keeps each chat in order while another chat goes meanwhile, never more than `width` at once', async () => {
    const c = controlledWork();
    const items = [item('a', 1), item('b', 1), item('a', 2), item('c', 1), item('b', 2)];
    const done = inChatLanes(items, (i) => i.chat, 2, c.work);
    await c.whenStarted('a1');
    await c.whenStarted('b1');
    // a1 is slow (an upload): b's next message goes before it, a2 waits for a1, c waits for a free lane.
    c.finish('b1');
    await c.whenStarted('b2');
    expect(c.log).toEqual(['start a1', 'start b1', 'end b1', 'start b2']);
    c.finish('b2');
    await c.whenStarted('c1');
    c.finish('a1');
    await c.whenStarted('a2');
    c.finish('a2');
    c.finish('c1');
    await done;
    expect(c.log.filter((l) => l.startsWith('start a'))).toEqual(['start a1', 'start a2']);
    expect(c.log.indexOf('start a2')).toBeGreaterThan(c.log.indexOf('end a1'));
  });

  it('width 1 is strictly one item after another in the order given', async () => {
    const seen: string[] = [];
    await inChatLanes(
      [item('a', 1), item('b', 1), item('a', 2)],
      (i) => i.chat,
      1,
      async (i) => void seen.push(`${i.chat}${i.n}`),
    );
    expect(seen).toEqual(['a1', 'a2', 'b1']);
  });
});
