import { z } from 'zod';
import { SessionId, SessionStatus } from './common.js';
import { isPhoneCountry } from '../phone/normalize.js';
import { ProxySummary, ProxyUrl } from './session-proxy.js';

/** The country a session's national-format numbers (0812-3456-7890) are read in; null: the
 * gateway's DEFAULT_COUNTRY. */
export const DefaultCountry = z
  .string({ error: 'defaultCountry must be an ISO 3166 alpha-2 country code such as ID, or null' })
  .trim()
  .transform((value) => value.toUpperCase())
  .refine(isPhoneCountry, 'defaultCountry must be an ISO 3166 alpha-2 country code such as ID, DE or US')
  .nullable()
  .describe("ISO 3166 alpha-2 country that national-format numbers (0812-3456-7890) are read in; null: the gateway's DEFAULT_COUNTRY");

export const CreateSessionBody = z.object({ sessionId: SessionId, defaultCountry: DefaultCountry.optional() });

export const UpdateSessionBody = z
  .object({ defaultCountry: DefaultCountry.optional(), proxy: ProxyUrl.optional() })
  .refine((body) => body.defaultCountry !== undefined || body.proxy !== undefined, {
    message: 'defaultCountry is required unless proxy is given: a country code such as ID, or null',
    path: ['defaultCountry'],
  });

export const UpdateSessionResponse = z.object({
  status: z.literal('success'),
  message: z.string(),
  sessionId: z.string(),
  defaultCountry: z.string().nullable(),
  proxy: ProxySummary,
});

export const ReconnectSessionResponse = z.object({
  status: z.literal('success'),
  message: z.string(),
  sessionId: z.string(),
});

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
      "QR payload to render while status is QR. Only for the session's own token, the master key or an " +
        'admin: whoever scans it links their phone into the session',
    ),
  token: z.string().nullable().optional().describe('Only for the master key or an admin'),
  defaultCountry: z.string().nullable().optional().describe("The session's own default country (null: DEFAULT_COUNTRY); to those who see its detail"),
  proxy: ProxySummary.optional(),
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
