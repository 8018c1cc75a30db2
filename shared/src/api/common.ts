import { z } from 'zod';

export const SessionId = z
  .string({ error: 'sessionId is required' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'sessionId must be 1-64 characters of letters, digits, "_" or "-"');

export const ErrorBody = z.object({
  status: z.literal('error'),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const SuccessMessage = z.object({ status: z.literal('success'), message: z.string() });

/** The session states a user sees; the original had CONNECTED and DISCONNECTED. */
/** BANNED: WhatsApp refused the account (403); the session does not reconnect. */
export const SessionStatus = z.enum(['STARTING', 'QR', 'CONNECTING', 'CONNECTED', 'DISCONNECTED', 'LOGGED_OUT', 'BANNED']);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** An absolute http(s) URL; `field` names it in the messages. */
export function httpUrl(field: string, maxLength = 2048) {
  return z
    .string({ error: `${field} is required` })
    .max(maxLength, `${field} must be at most ${maxLength} characters`)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
      } catch {
        return false;
      }
    }, `${field} must be an absolute http(s) URL`);
}
