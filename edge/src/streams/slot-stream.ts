// An SSE response that holds a stream slot (event-stream-slots.ts) for as long as it is open.
import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import type { AppEnv } from '../app-env.js';
import type { StreamSlot } from './event-stream-slots.js';

/** Runs `write` on an SSE stream; `isOpen()` turns false once the client has gone. The slot is
 * released when the client goes away or `write` ends, whichever comes first. */
export function streamHoldingSlot(c: Context<AppEnv>, slot: StreamSlot, write: (stream: SSEStreamingApi, isOpen: () => boolean) => Promise<void>): Response {
  return streamSSE(c, async (stream) => {
    let closed = false;
    stream.onAbort(() => {
      closed = true;
    });
    // workerd tells of a client that went away only through the request's signal (compatibility
    // flag enable_request_signal), and then cancels the request's own I/O: release in waitUntil.
    c.req.raw.signal.addEventListener('abort', () => {
      closed = true;
      c.executionCtx.waitUntil(slot.release());
    });
    try {
      await write(stream, () => !closed);
    } finally {
      if (!closed) await slot.release();
    }
  });
}
