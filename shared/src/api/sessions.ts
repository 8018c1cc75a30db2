import { z } from 'zod';
import { SessionId, SessionStatus } from './common.js';

export const CreateSessionBody = z.object({ sessionId: SessionId });

export const CreateSessionResponse = z.object({
  status: z.literal('success'),
  message: z.string(),
  token: z.string().describe('Bearer token for this session. Shown once: save it.'),
});

export const SessionSummary = z.object({
  sessionId: z.string(),
  status: SessionStatus,
  detail: z.string().nullable().optional().describe("Only for the session's own token, the master key or an admin"),
  qr: z
    .string()
    .nullable()
    .optional()
    .describe(
      "QR payload to render while status is QR. Only for the session's own token, the master key or an admin: whoever scans it links their phone into the session",
    ),
  token: z.string().nullable().optional().describe('Only for the master key or an admin'),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SessionIdParam = z.object({ sessionId: SessionId });

export const PairingCodeBody = z.object({
  phoneNumber: z
    .string({ error: 'phoneNumber is required' })
    .transform((value) => value.replace(/[\s+()-]/g, ''))
    .pipe(z.string().regex(/^\d{8,15}$/, 'phoneNumber must be 8-15 digits in international format, e.g. 6281234567890')),
});
export const PairingCodeResponse = z.object({ status: z.literal('success'), code: z.string().describe('Type it on the phone, e.g. ABCD-EFGH') });
