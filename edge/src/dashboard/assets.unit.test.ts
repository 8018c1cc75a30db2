import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUnitEdge, type UnitEdge } from '../../../test-support/unit-edge.js';

let stack: UnitEdge;
beforeAll(async () => {
  stack = await startUnitEdge();
});
afterAll(async () => stack?.close());

describe('GET /dashboard/assets/:name', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'nope.js'])('%s is a JSON 404, not an Object member', async (name) => {
    const res = await stack.json('GET', `/dashboard/assets/${name}`);
    expect(res).toEqual({ status: 404, body: { status: 'error', message: 'No such dashboard asset.' } });
  });

  it('serves a real asset', async () => {
    const res = await stack.fetch('/dashboard/assets/app.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/css');
  });
});
