import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sign, verify } from 'hono/jwt';
import { hmacSha256Hex } from '../../../shared/src/crypto.js';
import type { AppEnv } from '../app-env.js';
import type { DashboardConfig } from '../deps.js';
import { publicUrl } from './same-origin.js';

/** The dashboard's sign-in cookie: a JWT (HS256, `hono/jwt`) with the claims below, HttpOnly,
 * SameSite=Strict, Secure over https. `exp` is checked on every use. A session claim holds the
 * token's SHA-256 (as stored in `sessions.token_hash`), so deleting the session revokes the cookie;
 * an admin claim holds a fingerprint of the admin credentials, so changing the password revokes it;
 * a user claim (a dashboard account) holds a fingerprint of its password hash, so a new password or
 * deleting the account revokes it. */
export const COOKIE_NAME = 'wag_dashboard';
export const COOKIE_MAX_AGE_SECONDS = 12 * 60 * 60;

/** `exp` in milliseconds here; the JWT carries it in seconds, as RFC 7519 says. */
export type CookieClaims =
  | { kind: 'admin'; username: string; fingerprint: string; exp: number }
  | { kind: 'session'; sessionId: string; tokenHash: string; exp: number }
  | { kind: 'user'; userId: string; fingerprint: string; exp: number };

export async function signClaims(secret: string, claims: CookieClaims): Promise<string> {
  return sign({ ...claims, exp: Math.floor(claims.exp / 1000) }, secret, 'HS256');
}

/** The claims of a cookie value, or null if it is malformed, forged, signed another way or
 * expired (by the JWT's own check and by `now`, the caller's clock). */
export async function verifyClaims(secret: string, value: string, now: number): Promise<CookieClaims | null> {
  try {
    const payload = await verify(value, secret, 'HS256');
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now) return null;
    if (payload.kind !== 'admin' && payload.kind !== 'session' && payload.kind !== 'user') return null;
    return { ...payload, exp: payload.exp * 1000 } as CookieClaims;
  } catch {
    return null;
  }
}

/** Ties an admin cookie to the admin credentials in force when it was issued. */
export async function adminFingerprint(config: DashboardConfig): Promise<string> {
  const credential = config.adminPasswordHash ?? config.adminPassword ?? '';
  return (await hmacSha256Hex(config.cookieSecret, `admin:${config.adminUsername}:${credential}`)).slice(0, 32);
}

/** Ties a dashboard user's cookie to the password it signed in with. */
export async function userFingerprint(config: DashboardConfig, userId: string, passwordHash: string): Promise<string> {
  return (await hmacSha256Hex(config.cookieSecret, `user:${userId}:${passwordHash}`)).slice(0, 32);
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
