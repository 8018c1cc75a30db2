import { z } from 'zod';
import { isTimeZone, parseQuietHours } from '../../../shared/src/api/governor.js';

const optional = z.string().trim().min(1).optional().catch(undefined);
const DAY_MS = 24 * 60 * 60_000;

/** Session host settings from the environment; every one is documented in `.env.example`. */
export const HostConfigSchema = z.object({
  HOST_ID: optional,
  HOST_BIND: z.string().default('127.0.0.1'),
  HOST_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  /** How the edge reaches this host; defaults to http://<bind>:<port>. */
  HOST_PUBLIC_URL: optional,
  HOST_SHARED_SECRET: z.string().min(16, 'HOST_SHARED_SECRET must be at least 16 characters'),
  LEASE_TTL_MS: z.coerce.number().int().min(1000).default(15_000),
  LIBSQL_URL: optional,
  LIBSQL_AUTH_TOKEN: optional,
  LIBSQL_LOCAL_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  S3_ENDPOINT: optional,
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().default('wa-gateway-media'),
  S3_ACCESS_KEY_ID: optional,
  S3_SECRET_ACCESS_KEY: optional,
  S3_FORCE_PATH_STYLE: optional,
  S3_LOCAL_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  /** Per-session send rate (messages a minute, 0 = no limit) and random extra gap, against bans. */
  SEND_RATE_PER_MINUTE: z.coerce.number().min(0).default(30),
  SEND_JITTER_MS: z.coerce.number().int().min(0).default(1000),
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(3),
  /** The send governor's defaults (each session may override them: PUT /sessions/{id}/governor).
   * Caps count in SEND_TIME_ZONE's days and hours; 0 turns a cap off. */
  SEND_HOURLY_CAP: z.coerce.number().int().min(0).default(0),
  SEND_DAILY_CAP: z.coerce.number().int().min(0).default(0),
  SEND_FIRST_CONTACT_DAILY_CAP: z.coerce.number().int().min(0).default(0),
  /** `HH:MM-HH:MM` local time in which nothing is sent (e.g. 22:00-07:00); empty: none. */
  SEND_QUIET_HOURS: z
    .string()
    .default('')
    .refine((v) => v === '' || parseQuietHours(v) !== null, 'SEND_QUIET_HOURS must be HH:MM-HH:MM, e.g. 22:00-07:00'),
  SEND_TIME_ZONE: z.string().default('UTC').refine(isTimeZone, 'SEND_TIME_ZONE must be an IANA time zone such as Asia/Jakarta'),
  /** Daily caps for a newly linked number's first days, comma-separated (e.g. 20,40,80,150); empty: none. */
  SEND_WARMUP: z
    .string()
    .default('')
    .refine((v) => /^(\d{1,7}(,\d{1,7}){0,89})?$/.test(v.replace(/\s/g, '')), 'SEND_WARMUP must be daily caps separated by commas, e.g. 20,40,80')
    .transform((v) => (v.trim() === '' ? [] : v.replace(/\s/g, '').split(',').map(Number))),
  /** "typing…" before a text, this many ms per character (at most 15 s); 0: off. */
  SEND_COMPOSING_MS_PER_CHAR: z.coerce.number().int().min(0).max(1000).default(0),
  /** Auto-pause: this share of failed sends in the window (at least 10 sends), or this many refusals
   * by WhatsApp in it, pauses a session's sends until an operator resumes them. 0 turns one off. */
  SEND_PAUSE_FAILURE_RATIO: z.coerce.number().min(0).max(1).default(0.5),
  SEND_PAUSE_REFUSALS: z.coerce.number().int().min(0).default(3),
  SEND_PAUSE_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(10 * 60_000),
  CONTACT_CHECK_TTL_MS: z.coerce.number().int().min(0).default(DAY_MS),
  MEDIA_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  /** Largest media a contact may send that is copied to S3 (announced or counted); larger is refused. */
  MEDIA_MAX_INCOMING_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(64 * 1024 * 1024),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Zombie connections: a keep-alive ping this often (unanswered for as long = dead), and the
   * longest a sent message may wait for WhatsApp's ack. 0 turns a check off. */
  WATCHDOG_PING_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  WATCHDOG_ACK_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Local development only: lets webhooks and media links reach loopback and private addresses. */
  ALLOW_PRIVATE_NETWORK_FETCH: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** How long each kind of data is kept (ms, 0 = forever), and how often the cleanup runs (0 = never). */
  RETENTION_RATE_LIMITS_MS: z.coerce.number().int().min(0).default(DAY_MS),
  RETENTION_IDEMPOTENCY_KEYS_MS: z.coerce.number().int().min(0).default(DAY_MS),
  RETENTION_MESSAGE_PAYLOADS_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * DAY_MS),
  RETENTION_WEBHOOK_DELIVERED_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(7 * DAY_MS),
  RETENTION_WEBHOOK_DEAD_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * DAY_MS),
  RETENTION_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(60 * 60_000),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type HostConfig = z.infer<typeof HostConfigSchema>;

export function loadHostConfig(env: Record<string, string | undefined>): HostConfig {
  const parsed = HostConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid session host configuration: ${problems}`);
  }
  return parsed.data;
}
