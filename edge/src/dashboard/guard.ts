import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';
import { readCookie } from '../auth/cookie.js';
import { principalFromCookie } from '../auth/cookie-principal.js';

/** Dashboard pages need a signed-in admin or session; otherwise they send the browser to the
 * sign-in page. The principal is only used to shape the page: all data comes from /api/v1. */
export const requireSignIn = createMiddleware<AppEnv>(async (c, next) => {
  const cookie = readCookie(c);
  const principal = cookie ? await principalFromCookie(c.var.deps, cookie) : null;
  if (!principal) {
    const { pathname } = new URL(c.req.url);
    return c.redirect(`/dashboard/login?next=${encodeURIComponent(pathname)}`, 303);
  }
  c.set('principal', principal);
  await next();
});

/** Headers every dashboard page carries: nothing from other origins, no framing, no caching. */
export const pageHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.header(
    'Content-Security-Policy',
    "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src " +
      "'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  );
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
});
