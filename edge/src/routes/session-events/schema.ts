import { z } from '@hono/zod-openapi';

export { SessionIdParam } from '../../../../shared/src/api/sessions.js';

const SEQ = /^\d{1,15}$/;

/** Where a stream starts: after the event EventSource saw last (it sends Last-Event-ID itself on a
 * reconnect), or after `?after=`, for clients that cannot set headers. */
export const StreamResumeHeaders = z.object({
  'last-event-id': z
    .string()
    .regex(SEQ, 'Last-Event-ID must be the sequence number of an event (the id of an event this stream sent)')
    .transform(Number)
    .optional()
    .openapi({ description: 'Resume after this sequence number' }),
});

export const StreamQuery = z.object({
  after: z
    .string()
    .regex(SEQ, 'after must be a sequence number (0 for every event still stored)')
    .transform(Number)
    .optional()
    .openapi({ description: 'Start after this sequence number; Last-Event-ID wins when both are sent. Default: only new events.' }),
});
