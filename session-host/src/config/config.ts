import { z } from 'zod';
import { parseWaVersion } from '../connection/client-version.js';

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
  /** Reconnects after transient closes (forever): the first wait, doubling up to the longest, ±20 %. */
  RECONNECT_BASE_DELAY_MS: z.coerce.number().int().min(100).default(1_000),
  RECONNECT_MAX_DELAY_MS: z.coerce.number().int().min(100).default(120_000),
  /** A 440 (the device logged in elsewhere): `stop` so two clients do not fight, or `reconnect`. */
  WA_ON_REPLACED: z.enum(['stop', 'reconnect']).default('stop'),
  /** The WhatsApp Web version announced at login, e.g. 2.3000.1023456789; unset: Baileys' own. */
  WA_VERSION: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const version = parseWaVersion(value);
      if (!version) ctx.addIssue({ code: 'custom', message: 'WA_VERSION must look like 2.3000.1023456789' });
      return version;
    }),
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
