/** One Server-Sent Event as the stream wrote it. */
export type SseEvent = { event?: string; data?: string; id?: string };

/** Reads the events (not the comments, which it collects) off an SSE response body, one at a time. */
export function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const comments: string[] = [];
  return {
    comments,
    /** The next event, or null once the stream has ended. */
    async next(): Promise<SseEvent | null> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            const match = /^(event|data|id): ?(.*)$/.exec(line);
            if (match) event[match[1] as keyof SseEvent] = match[2];
          }
          if (event.data !== undefined) return event;
          continue;
        }
        const { done, value } = await reader.read();
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}
