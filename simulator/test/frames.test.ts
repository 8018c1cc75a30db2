import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameReader, WA_INTRO } from '../src/frames.js';

describe('frame codec', () => {
  it('reads the WA intro and splits length-prefixed frames across chunks', () => {
    const r = new FrameReader();
    const a = Buffer.from('hello');
    const b = Buffer.alloc(70_000, 7);
    const wire = Buffer.concat([WA_INTRO, encodeFrame(a), encodeFrame(b)]);
    const out = [...r.push(wire.subarray(0, 6)), ...r.push(wire.subarray(6, 40_000)), ...r.push(wire.subarray(40_000))];
    expect(out).toEqual([a, b]);
  });

  it('reads an "ED" routing-info intro', () => {
    const r = new FrameReader();
    const info = Buffer.from('0801080d', 'hex');
    const ed = Buffer.concat([Buffer.from('ED'), Buffer.from([0, 1]), Buffer.from([0, 0, info.length]), info]);
    expect(r.push(Buffer.concat([ed, WA_INTRO, encodeFrame(Buffer.from('x'))]))).toEqual([Buffer.from('x')]);
    expect(r.routingInfo).toEqual(info);
  });

  it('refuses a wrong intro', () => {
    expect(() => new FrameReader().push(Buffer.from('GET / HTTP/1.1'))).toThrow(/bad WA intro/);
  });
});
