import { createRoute } from '@hono/zod-openapi';
import { clearCookie } from '../../auth/cookie.js';
import { requireSameOrigin } from '../../auth/same-origin.js';
import { errorResponses, jsonContent } from '../router.js';
import { SuccessMessage } from '../sessions/schema.js';
import type { Router } from '../router-types.js';

const route = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['Dashboard sign-in'],
  summary: 'Sign out of the dashboard',
  description: 'Clears the dashboard cookie. Needs the same origin, like every cookie-authenticated change.',
  responses: { 200: jsonContent(SuccessMessage, 'Signed out'), ...errorResponses(403) },
});

export function registerLogout(router: Router) {
  return router.openapi(route, (c) => {
    requireSameOrigin(c);
    clearCookie(c);
    return c.json({ status: 'success' as const, message: 'Signed out.' }, 200);
  });
}
