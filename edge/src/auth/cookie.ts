import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { fromBase64Url, hmacSha256Hex, timingSafeEqual, toBase64Url } from '../../../shared/src/crypto.js';
import type { AppEnv } from '../app-env.js';
import type { DashboardConfig } from '../deps.js';
import { publicUrl } from './same-origin.js';

/** The dashboard's sign-in cookie: `base64url(JSON claims).hmacSha256Hex`, HttpOnly,
 * SameSite=Strict, Secure over https. The claims carry their own expiry, checked on every use.
 * A session claim holds the token's SHA-256 (as stored in `sessions.token_hash`), so deleting the
 * session revokes the cookie; an admin claim holds a fingerprint of the admin credentials, so
 * changing the password revokes it. */
export const COOKIE_NAME = 'wag_dashboard';
export const COOKIE_MAX_AGE_SECONDS = 12 * 60 * 60;

export type CookieClaims =
  | { kind: 'admin'; username: string; fingerprint: string; exp: number }
  | { kind: 'session'; sessionId: string; tokenHash: string; exp: number };

const encoder = new TextEncoder();

export async function signClaims(secret: string, claims: CookieClaims): Promise<string> {
  const body = toBase64Url(encoder.encode(JSON.stringify(claims)));
  return `${body}.${await hmacSha256Hex(secret, body)}`;
}

/** The claims of a cookie value, or null if it is malformed, forged or expired. */
export async function verifyClaims(secret: string, value: string, now: number): Promise<CookieClaims | null> {
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const body = value.slice(0, dot);
  if (!timingSafeEqual(value.slice(dot + 1), await hmacSha256Hex(secret, body))) return null;
  try {
    const claims = JSON.parse(new TextDecoder().decode(fromBase64Url(body))) as CookieClaims;
    return typeof claims.exp === 'number' && claims.exp > now ? claims : null;
  } catch {
    return null;
  }
}

/** Ties an admin cookie to the admin credentials in force when it was issued. */
export async function adminFingerprint(config: DashboardConfig): Promise<string> {
  const credential = config.adminPasswordHash ?? config.adminPassword ?? '';
  return (await hmacSha256Hex(config.cookieSecret, `admin:${config.adminUsername}:${credential}`)).slice(0, 32);
}

export function readCookie(c: Context): string | undefined {
  return getCookie(c, COOKIE_NAME);
}

export async function issueCookie(c: Context<AppEnv>, config: DashboardConfig, claims: CookieClaims): Promise<void> {
  setCookie(c, COOKIE_NAME, await signClaims(config.cookieSecret, claims), {
    httpOnly: true,
    sameSite: 'Strict',
    secure: publicUrl(c).protocol === 'https:',
    path: '/',
    maxAge: COOKIE_MAX_AGE_SECONDS,
  });
}

export function clearCookie(c: Context<AppEnv>): void {
  deleteCookie(c, COOKIE_NAME, { path: '/', secure: publicUrl(c).protocol === 'https:' });
}
