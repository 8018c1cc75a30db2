// One-time invite and password-reset links: a random token in the URL's fragment (never sent to a
// server, so it stays out of access logs and Referer headers), kept only as its SHA-256 with an
// expiry; issuing a new link replaces the open one, and accepting clears it (single use).
import type { Context } from 'hono';
import { randomToken, sha256Hex } from '../../../shared/src/crypto.js';
import type { AppEnv } from '../app-env.js';
import { publicUrl } from '../auth/same-origin.js';

export const LINK_TTL_MS = 72 * 60 * 60 * 1000;

export interface NewLink {
  hash: string;
  url: string;
  expiresAt: number;
}

export async function newLink(c: Context<AppEnv>, now: number): Promise<NewLink> {
  const token = randomToken('wagi_');
  return { hash: await sha256Hex(token), url: `${publicUrl(c).origin}/dashboard/invite#token=${token}`, expiresAt: now + LINK_TTL_MS };
}

export const linkJson = (link: NewLink) => ({ url: link.url, expiresAt: new Date(link.expiresAt).toISOString() });
