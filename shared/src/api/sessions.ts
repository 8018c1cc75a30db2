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
  detail: z.string().nullable(),
  qr: z.string().nullable().describe('QR payload to render while status is QR'),
  token: z.string().nullable().optional().describe('Only for the master key or an admin'),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SessionIdParam = z.object({ sessionId: SessionId });
