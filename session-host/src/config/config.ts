import { z } from 'zod';
import { decimal, describeBadSettings, flag, oneOf, optionalText, port, textWithDefault, wholeNumber } from '../../../shared/src/config/settings.js';
import { isTimeZone, parseQuietHours } from '../../../shared/src/api/governor.js';
import { parseWaVersion } from '../connection/client-version.js';

const DAY_MS = 24 * 60 * 60_000;
const ms = (name: string, min: number, fallback: number) => wholeNumber(name, { min, fallback });

/** Session host settings from the environment; every one is documented in `.env.example`. */
export const HostConfigSchema = z.object({
  HOST_ID: optionalText,
  HOST_BIND: textWithDefault('127.0.0.1'),
  HOST_PORT: port('HOST_PORT', 3003),
  /** How the edge reaches this host; defaults to http://<bind>:<port>. */
  HOST_PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'HOST_PUBLIC_URL must be an absolute http(s) URL' }).optional()),
  HOST_SHARED_SECRET: optionalText.pipe(z.string({ error: 'HOST_SHARED_SECRET is required' }).min(16, 'HOST_SHARED_SECRET must be at least 16 characters')),
  LEASE_TTL_MS: ms('LEASE_TTL_MS', 1000, 15_000),
  LIBSQL_URL: optionalText.pipe(
    z.url({ protocol: /^(https?|libsql|wss?|file)$/, error: 'LIBSQL_URL must be a libsql://, http(s)://, ws(s):// or file: URL' }).optional(),
  ),
  LIBSQL_AUTH_TOKEN: optionalText,
  LIBSQL_LOCAL_PORT: port('LIBSQL_LOCAL_PORT', 3001),
  S3_ENDPOINT: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'S3_ENDPOINT must be an absolute http(s) URL' }).optional()),
  S3_REGION: textWithDefault('us-east-1'),
  S3_BUCKET: textWithDefault('wa-gateway-media'),
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  S3_FORCE_PATH_STYLE: optionalText.pipe(z.enum(['true', 'false'], { error: 'S3_FORCE_PATH_STYLE must be true or false' }).optional()),
  S3_LOCAL_PORT: port('S3_LOCAL_PORT', 3002),
  /** Per-session send rate (messages a minute, 0 = no limit) and random extra gap, against bans. */
  SEND_RATE_PER_MINUTE: decimal('SEND_RATE_PER_MINUTE', { min: 0, fallback: 30 }),
  SEND_JITTER_MS: ms('SEND_JITTER_MS', 0, 1000),
  SEND_MAX_ATTEMPTS: wholeNumber('SEND_MAX_ATTEMPTS', { min: 1, fallback: 3 }),
  /** The send governor's defaults (each session may override them: PUT /sessions/{id}/governor).
   * Caps count in SEND_TIME_ZONE's days and hours; 0 turns a cap off. */
  SEND_HOURLY_CAP: wholeNumber('SEND_HOURLY_CAP', { min: 0, fallback: 0 }),
  SEND_DAILY_CAP: wholeNumber('SEND_DAILY_CAP', { min: 0, fallback: 0 }),
  SEND_FIRST_CONTACT_DAILY_CAP: wholeNumber('SEND_FIRST_CONTACT_DAILY_CAP', { min: 0, fallback: 0 }),
  /** `HH:MM-HH:MM` local time in which nothing is sent (e.g. 22:00-07:00); empty: none. */
  SEND_QUIET_HOURS: textWithDefault('').refine((v) => v === '' || parseQuietHours(v) !== null, 'SEND_QUIET_HOURS must be HH:MM-HH:MM, e.g. 22:00-07:00'),
  SEND_TIME_ZONE: textWithDefault('UTC').refine(isTimeZone, 'SEND_TIME_ZONE must be an IANA time zone such as Asia/Jakarta'),
  /** Daily caps for a newly linked number's first days, comma-separated (e.g. 20,40,80,150); empty: none. */
  SEND_WARMUP: textWithDefault('')
    .refine((v) => /^(\d{1,7}(,\d{1,7}){0,89})?$/.test(v.replace(/\s/g, '')), 'SEND_WARMUP must be daily caps separated by commas, e.g. 20,40,80')
    .transform((v) => (v.trim() === '' ? [] : v.replace(/\s/g, '').split(',').map(Number))),
  /** "typing…" before a text, this many ms per character (at most 15 s); 0: off. */
  SEND_COMPOSING_MS_PER_CHAR: wholeNumber('SEND_COMPOSING_MS_PER_CHAR', { min: 0, max: 1000, fallback: 0 }),
  /** Auto-pause: this share of failed sends in the window (at least 10 sends), or this many refusals
   * by WhatsApp in it, pauses a session's sends until an operator resumes them. 0 turns one off. */
  SEND_PAUSE_FAILURE_RATIO: decimal('SEND_PAUSE_FAILURE_RATIO', { min: 0, fallback: 0.5 }).refine(
    (v) => v <= 1,
    'SEND_PAUSE_FAILURE_RATIO must be a share from 0 to 1',
  ),
  SEND_PAUSE_REFUSALS: wholeNumber('SEND_PAUSE_REFUSALS', { min: 0, fallback: 3 }),
  SEND_PAUSE_WINDOW_MS: ms('SEND_PAUSE_WINDOW_MS', 1000, 10 * 60_000),
  CONTACT_CHECK_TTL_MS: ms('CONTACT_CHECK_TTL_MS', 0, DAY_MS),
  MEDIA_FETCH_TIMEOUT_MS: ms('MEDIA_FETCH_TIMEOUT_MS', 100, 20_000),
  /** Largest media a contact may send that is copied to S3 (announced or counted); larger is refused. */
  MEDIA_MAX_INCOMING_BYTES: wholeNumber('MEDIA_MAX_INCOMING_BYTES', { min: 1, fallback: 64 * 1024 * 1024 }),
  WEBHOOK_TIMEOUT_MS: ms('WEBHOOK_TIMEOUT_MS', 100, 10_000),
  /** The longest an AI reply's call to its chat endpoint may take (connect, answer and body). */
  AI_TIMEOUT_MS: ms('AI_TIMEOUT_MS', 100, 30_000),
  /** Zombie connections: a keep-alive ping this often (unanswered for as long = dead), and the
   * longest a sent message may wait for WhatsApp's ack. 0 turns a check off. */
  WATCHDOG_PING_INTERVAL_MS: ms('WATCHDOG_PING_INTERVAL_MS', 0, 30_000),
  WATCHDOG_ACK_TIMEOUT_MS: ms('WATCHDOG_ACK_TIMEOUT_MS', 0, 30_000),
  /** Reconnects after transient closes (forever): the first wait, doubling up to the longest, ±20 %. */
  RECONNECT_BASE_DELAY_MS: ms('RECONNECT_BASE_DELAY_MS', 100, 1_000),
  RECONNECT_MAX_DELAY_MS: ms('RECONNECT_MAX_DELAY_MS', 100, 120_000),
  /** A 440 (the device logged in elsewhere): `stop` so two clients do not fight, or `reconnect`. */
  WA_ON_REPLACED: oneOf('WA_ON_REPLACED', ['stop', 'reconnect'], 'stop'),
  /** The WhatsApp Web version announced at login, e.g. 2.3000.1023456789; unset: Baileys' own. */
  WA_VERSION: optionalText.transform((value, ctx) => {
    if (!value) return undefined;
    const version = parseWaVersion(value);
    if (!version) ctx.addIssue({ code: 'custom', message: 'WA_VERSION must look like 2.3000.1023456789' });
    return version;
  }),
  /** Local development only: lets webhooks and media links reach loopback and private addresses. */
  ALLOW_PRIVATE_NETWORK_FETCH: flag('ALLOW_PRIVATE_NETWORK_FETCH', false),
  /** How long each kind of data is kept (ms, 0 = forever), and how often the cleanup runs (0 = never). */
  RETENTION_RATE_LIMITS_MS: ms('RETENTION_RATE_LIMITS_MS', 0, DAY_MS),
  RETENTION_IDEMPOTENCY_KEYS_MS: ms('RETENTION_IDEMPOTENCY_KEYS_MS', 0, DAY_MS),
  RETENTION_MESSAGE_PAYLOADS_MS: ms('RETENTION_MESSAGE_PAYLOADS_MS', 0, 30 * DAY_MS),
  RETENTION_WEBHOOK_DELIVERED_MS: ms('RETENTION_WEBHOOK_DELIVERED_MS', 0, 7 * DAY_MS),
  RETENTION_WEBHOOK_DEAD_MS: ms('RETENTION_WEBHOOK_DEAD_MS', 0, 30 * DAY_MS),
  RETENTION_SESSION_EVENTS_MS: ms('RETENTION_SESSION_EVENTS_MS', 0, DAY_MS),
  /** Per-minute message counts (analytics); hourly counts are kept. */
  RETENTION_MINUTE_COUNTS_MS: ms('RETENTION_MINUTE_COUNTS_MS', 0, 2 * DAY_MS),
  /** Audit log entries are kept this many days (0 = forever). */
  AUDIT_RETENTION_DAYS: wholeNumber('AUDIT_RETENTION_DAYS', { min: 0, fallback: 180 }),
  RETENTION_INTERVAL_MS: ms('RETENTION_INTERVAL_MS', 0, 60 * 60_000),
  /** Bearer token Prometheus scrapes GET /metrics with; unset: /metrics is off (404). */
  METRICS_TOKEN: optionalText,
  DATA_DIR: textWithDefault('./data'),
  LOG_LEVEL: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  /** pretty: coloured lines for a person; json: one JSON object a line; auto: pretty on a terminal. */
  LOG_FORMAT: oneOf('LOG_FORMAT', ['auto', 'pretty', 'json'], 'auto'),
});
export type HostConfig = z.infer<typeof HostConfigSchema>;

export class HostConfigError extends Error {
  override readonly name = 'HostConfigError';
}

/** The settings, or a HostConfigError naming every bad one. */
export function loadHostConfig(env: Record<string, string | undefined>): HostConfig {
  const parsed = HostConfigSchema.safeParse(env);
  if (!parsed.success) throw new HostConfigError(describeBadSettings('session host', parsed.error));
  return parsed.data;
}
