// `npm start`'s own settings, and the check of every process's settings before any of them starts.
// The settings it shares with the session host are the host's own definitions (picked, not copied).
import type { z } from 'zod';
import { EdgeConfigSchema } from '../edge/src/config.js';
import { describeBadSettings, port, textWithDefault } from '../shared/src/config/settings.js';
import { HostConfigSchema } from '../session-host/src/config/config.js';

export const StartConfigSchema = HostConfigSchema.pick({
  DATA_DIR: true,
  HOST_PORT: true,
  HOST_PUBLIC_URL: true,
  LIBSQL_LOCAL_PORT: true,
  S3_LOCAL_PORT: true,
  LOG_LEVEL: true,
}).extend({
  /** The public port of the API and dashboard, and the address it binds (0.0.0.0 in a container). */
  PORT: port('PORT', 3000),
  BIND: textWithDefault('127.0.0.1'),
});
export type StartConfig = z.infer<typeof StartConfigSchema>;

type Settings = Record<string, string | undefined>;

/** Every setting any process reads, by name. */
export const SETTING_NAMES = [...new Set([HostConfigSchema, EdgeConfigSchema, StartConfigSchema].flatMap((schema) => Object.keys(schema.shape)))];

/** A blank setting (`NAME=` copied from .env.example, `\${NAME:-}` in compose.yaml) is unset, for
 * `npm start` and for the processes that inherit its environment. */
export function dropBlankSettings(env: Settings): void {
  for (const name of SETTING_NAMES) if (env[name]?.trim() === '') delete env[name];
}

/** One message per bad setting of `npm start`'s own; empty when all are good. */
export function badStartSettings(env: Settings): { config?: StartConfig; problems: string[] } {
  const parsed = StartConfigSchema.safeParse(env);
  return parsed.success ? { config: parsed.data, problems: [] } : { problems: [describeBadSettings('start', parsed.error)] };
}

/** The session host's and the edge's settings as each process will receive them, checked by their
 * own schemas: one message per process with a bad setting, each naming the setting. */
export function badProcessSettings(hostEnv: Settings, edgeBindings: Settings): string[] {
  const host = HostConfigSchema.safeParse(hostEnv);
  const edge = EdgeConfigSchema.safeParse(edgeBindings);
  return [...(host.success ? [] : [describeBadSettings('session host', host.error)]), ...(edge.success ? [] : [describeBadSettings('edge', edge.error)])];
}
