// A streamed upload is sniffed from its first bytes and stored as it arrives: the prefix read for
// the sniff is put back in front of the rest, and the bytes are counted on the way to S3, so a body
// that is not exactly its declared length fails the store instead of leaving a different object.

/** The body did not carry the bytes its Content-Length declared. */
export class BodyLengthError extends Error {
  constructor(
    readonly received: number,
    readonly declared: number,
  ) {
    super(`The body ended after ${received} of the ${declared} bytes its Content-Length declared.`);
  }
}

export interface PrefixedBody {
  /** The first bytes (fewer only when the body is shorter). */
  prefix: Uint8Array;
  /** The whole body, prefix included; errors with BodyLengthError unless exactly `length` bytes. */
  whole: ReadableStream<Uint8Array>;
  /** Why `whole` failed, if it did: what reaches its reader's caller may be a wrapper's own error. */
  lengthError(): BodyLengthError | undefined;
}

/** Reads at least `prefixBytes` of `body` (holding only those), then streams the rest on demand. */
export async function readPrefix(body: ReadableStream<Uint8Array>, prefixBytes: number, length: number): Promise<PrefixedBody> {
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let received = 0;
  let failure: BodyLengthError | undefined;
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    failure = new BodyLengthError(received, length);
    controller.error(failure);
  };
  while (received < prefixBytes) {
    // A body cut short here is found out when `whole` is read: its reads fail the same way.
    const next = await reader.read().catch(() => null);
    if (!next || next.done) break;
    head.push(next.value);
    received += next.value.byteLength;
  }
  const prefix = new Uint8Array(received);
  let at = 0;
  for (const chunk of head) {
    prefix.set(chunk, at);
    at += chunk.byteLength;
  }
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
    },
    async pull(controller) {
      // A client that goes away mid-body makes the read fail ("Network connection lost").
      const next = await reader.read().catch(() => null);
      if (!next) return fail(controller);
      const { done, value } = next;
      if (done) {
        if (received === length) controller.close();
        else fail(controller);
        return;
      }
      received += value.byteLength;
      if (received > length) {
        fail(controller);
        await reader.cancel();
        return;
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { prefix: prefix.subarray(0, Math.min(received, prefixBytes)), whole, lengthError: () => failure };
}

/** workerd's stream that declares its length to fetch(); not in the DOM typings. */
declare const FixedLengthStream: new (length: number) => TransformStream<Uint8Array, Uint8Array>;

/** The stream as a body fetch() sends with its Content-Length: workerd sends any other stream
 * chunked without one, which breaks the signed Content-Length of an S3 PUT. */
export function withDeclaredLength(stream: ReadableStream<Uint8Array>, length: number): ReadableStream<Uint8Array> {
  const fixed = new FixedLengthStream(length);
  // A failure reaches the reader of `fixed.readable` (the S3 request) as its error.
  stream.pipeTo(fixed.writable).catch(() => undefined);
  return fixed.readable;
}

/** Passes bytes through and keeps (a copy of) at least the last `maxBytes` of them, for checks that
 * read the end of a file (a ZIP's central directory) without holding the whole of it. */
export function keepTail(maxBytes: number): { stream: TransformStream<Uint8Array, Uint8Array>; tail(): Uint8Array } {
  const chunks: Uint8Array[] = [];
  let held = 0;
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      chunks.push(chunk.slice());
      held += chunk.byteLength;
      while (chunks.length > 1 && held - chunks[0]!.byteLength >= maxBytes) held -= chunks.shift()!.byteLength;
      controller.enqueue(chunk);
    },
  });
  const tail = () => {
    const bytes = new Uint8Array(held);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return bytes.subarray(Math.max(0, held - maxBytes));
  };
  return { stream, tail };
}
