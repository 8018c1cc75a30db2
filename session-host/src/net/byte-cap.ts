import { Transform } from 'node:stream';

/** Passes bytes on, counting them, until more than `maxBytes` went through: then fails the
 * pipeline with `tooLarge(count)`. */
export function byteCap(maxBytes: number, tooLarge: (count: number) => Error): Transform & { count: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counter.count += chunk.length;
      done(counter.count > maxBytes ? tooLarge(counter.count) : null, chunk);
    },
  }) as Transform & { count: number };
  counter.count = 0;
  return counter;
}
