import { z } from '@hono/zod-openapi';

export const LoginBody = z
  .object({
    username: z
      .string()
      .max(200, 'username must be at most 200 characters')
      .optional()
      .openapi({ description: 'ADMIN_USERNAME, or a dashboard account made by the admin' }),
    password: z.string().max(1000, 'password must be at most 1000 characters').optional().openapi({ description: "ADMIN_PASSWORD, or the account's password" }),
    token: z.string().max(200, 'token must be at most 200 characters').optional().openapi({ description: "Session sign-in: the session's bearer token" }),
  })
  .refine((body) => Boolean(body.token) !== Boolean(body.username || body.password), {
    message: 'give either username and password (admin) or token (one session)',
    path: ['token'],
  })
  .refine((body) => Boolean(body.token) || (Boolean(body.username) && Boolean(body.password)), {
    message: 'username and password are both required',
    path: ['password'],
  });

export const PrincipalInfo = z.union([
  z.object({ kind: z.literal('master') }),
  z.object({ kind: z.literal('admin'), username: z.string(), userId: z.string().optional() }),
  z.object({ kind: z.literal('operator'), userId: z.string(), username: z.string(), sessionIds: z.array(z.string()) }),
  z.object({ kind: z.literal('session'), sessionId: z.string() }),
]);

export const LoginResponse = z.object({ status: z.literal('success'), message: z.string(), principal: PrincipalInfo, expiresAt: z.string() });

export const MeResponse = z.object({
  status: z.literal('success'),
  principal: PrincipalInfo,
  token: z.string().nullable().optional().openapi({ description: "A signed-in session's own token (for the API control center); absent for admins" }),
});
