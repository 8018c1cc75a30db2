// The edge's settings, read from its bindings (wrangler vars/secrets, or what `npm start` and the
// tests pass to workerd) by one zod schema: every setting named once, each bad one refused with a
// message that names it. `npm start` checks the same schema before it starts workerd.
import { z } from 'zod';
// An unset binding arrives as undefined or, from `npm start`, as '': both are unset.
import { describeBadSettings, optionalText as optional, wholeNumber } from '../../shared/src/config/settings.js';
import { isPhoneCountry } from '../../shared/src/phone/normalize.js';
import type { Env } from './env.js';

const required = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} is required`);
const absoluteUrl = (name: string) =>
  optional.pipe(
    z
      .url({ protocol: /^https?$/, error: `${name} must be an absolute http(s) URL` })
      .transform((value) => new URL(value))
      .optional(),
  );

export const EdgeConfigSchema = z.object({
  LIBSQL_URL: required('LIBSQL_URL'),
  LIBSQL_AUTH_TOKEN: optional,
  S3_ENDPOINT: optional,
  S3_REGION: optional,
  S3_BUCKET: required('S3_BUCKET'),
  S3_ACCESS_KEY_ID: z.string().default(''),
  S3_SECRET_ACCESS_KEY: z.string().default(''),
  S3_FORCE_PATH_STYLE: optional.pipe(z.enum(['true', 'false'], { error: 'S3_FORCE_PATH_STYLE must be true or false' }).optional()),
  MASTER_API_KEY: required('MASTER_API_KEY'),
  HOST_SHARED_SECRET: required('HOST_SHARED_SECRET'),
  SESSION_HOST_URL: required('SESSION_HOST_URL').pipe(z.url({ error: 'SESSION_HOST_URL must be an absolute URL' })),
  LEGACY_API_AUTH: optional.pipe(z.enum(['token', 'none'], { error: 'LEGACY_API_AUTH must be token or none' }).default('token')),
  LEGACY_DEFAULT_SESSION: optional,
  ADMIN_USERNAME: optional.transform((value) => value ?? 'admin'),
  ADMIN_PASSWORD: optional,
  ADMIN_PASSWORD_HASH: optional.pipe(
    z
      .string()
      .regex(/^pbkdf2-sha256\$([1-9]\d{0,4}|100000)\$[\w-]+\$[\w-]+$/, 'ADMIN_PASSWORD_HASH must be pbkdf2-sha256$<iterations, at most 100000>$<salt>$<hash>')
      .optional(),
  ),
  COOKIE_SECRET: optional,
  LOGIN_MAX_ATTEMPTS: wholeNumber('LOGIN_MAX_ATTEMPTS', { min: 1, fallback: 10 }),
  TRUST_PROXY: optional.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, 'TRUST_PROXY must be a header name such as x-forwarded-for')
      .transform((value) => value.toLowerCase())
      .optional(),
  ),
  PUBLIC_URL: absoluteUrl('PUBLIC_URL'),
  DEFAULT_COUNTRY: optional.pipe(
    z
      .string()
      .transform((value) => value.toUpperCase())
      .refine(isPhoneCountry, 'DEFAULT_COUNTRY must be an ISO 3166 alpha-2 country code such as ID, DE or US')
      .optional(),
  ),
});
export type EdgeConfig = z.infer<typeof EdgeConfigSchema>;

export class EdgeConfigError extends Error {
  override readonly name = 'EdgeConfigError';
}

/** The settings, or an EdgeConfigError listing every bad one. */
export function parseEdgeConfig(env: Env | Record<string, string | undefined>): EdgeConfig {
  const parsed = EdgeConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new EdgeConfigError(describeBadSettings('edge', parsed.error));
}

const parsedByEnv = new WeakMap<object, EdgeConfig>();

/** parseEdgeConfig once per bindings object (workerd hands every request of an isolate the same one). */
export function edgeConfigOf(env: Env): EdgeConfig {
  let config = parsedByEnv.get(env);
  if (!config) {
    config = parseEdgeConfig(env);
    parsedByEnv.set(env, config);
  }
  return config;
}
