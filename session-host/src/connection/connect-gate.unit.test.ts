import { describe, expect, it } from 'vitest';
import { ConnectGate } from './connect-gate.js';

describe('ConnectGate', () => {
  it('lets `limit` through at once; each release lets the next waiter in, in order; a second release frees nothing more', async () => {
    const gate = new ConnectGate(2);
    const first = await gate.acquire();
    const second = await gate.acquire();
    const order: number[] = [];
    const third = gate.acquire().then((release) => {
      order.push(3);
      return release;
    });
    const fourth = gate.acquire().then((release) => {
      order.push(4);
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    first();
    first();
    const releaseThird = await third;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([3]);
    second();
    await fourth;
    expect(order).toEqual([3, 4]);
    releaseThird();
  });
});
