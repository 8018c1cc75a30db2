import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';

/** The caller's address, for per-client limits. By default the connection's own address, which
 * the platform puts in CF-Connecting-IP (Cloudflare, or `npm start`'s front, both overwriting what
 * the client sent). With TRUST_PROXY naming a header, a proxy of the operator's in front sets it:
 * for X-Forwarded-For the last entry, the one that proxy appended (earlier ones are the client's
 * own words). */
export function clientAddress(c: Context<AppEnv>): string {
  const trusted = c.var.deps.config.trustProxy;
  if (!trusted) return c.req.header('cf-connecting-ip') ?? 'unknown';
  const value = c.req.header(trusted);
  if (!value) return 'unknown';
  return value.split(',').at(-1)!.trim() || 'unknown';
}
