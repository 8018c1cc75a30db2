// Request and response shapes of dashboard accounts. Kept here rather than in shared/ because only
// the edge serves them.
import { z } from '@hono/zod-openapi';
import { SessionId } from '../../../../shared/src/api/common.js';

export const USER_ROLES = ['admin', 'operator'] as const;

export const Username = z
  .string({ error: 'username is required' })
  .regex(/^[A-Za-z0-9._@-]{1,64}$/, 'username must be 1-64 characters of letters, digits, ".", "_", "@" or "-"');

const Role = z.enum(USER_ROLES, { error: `role must be one of ${USER_ROLES.join(', ')}` });

const SessionIds = z
  .array(SessionId, { error: 'sessionIds must be a list of session ids' })
  .max(500, 'sessionIds must name at most 500 sessions')
  .openapi({ description: "The sessions an operator sees and changes (an admin's are ignored: it reaches every session)" });

export const CreateUserBody = z.object({
  username: Username,
  role: Role.default('operator'),
  sessionIds: SessionIds.default([]),
});

export const PatchUserBody = z
  .object({ role: Role.optional(), sessionIds: SessionIds.optional() })
  .refine((body) => body.role !== undefined || body.sessionIds !== undefined, { message: 'give role or sessionIds (or both)', path: ['role'] });

export const UserIdParam = z.object({
  id: z
    .string({ error: 'id is required' })
    .regex(/^user_\d{1,16}_[a-z0-9]{6}$/, 'id must be a user id returned by POST /users')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'user_1733990400000_ab12cd' }),
});

export const User = z.object({
  id: z.string(),
  username: z.string(),
  role: Role,
  sessionIds: z.array(z.string()),
  state: z.enum(['invited', 'active']).describe('invited: no password yet (the invite link has not been used)'),
  linkExpiresAt: z.string().nullable().describe('When the open invite or reset link expires; null when none is open'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const OneTimeLink = z.object({
  url: z.string().describe('The one-time link: show it to the user once; only its hash is stored'),
  expiresAt: z.string(),
});

export const UserWithLink = z.object({ status: z.literal('success'), message: z.string(), user: User, link: OneTimeLink });
export const UserResponse = z.object({ status: z.literal('success'), message: z.string(), user: User });

export const AcceptInviteBody = z.object({
  token: z.string({ error: 'token is required' }).min(1, 'token is required').max(200, 'token must be at most 200 characters'),
  password: z
    .string({ error: 'password is required' })
    .min(12, 'password must be at least 12 characters')
    .max(1000, 'password must be at most 1000 characters'),
});

export const AcceptInviteResponse = z.object({ status: z.literal('success'), message: z.string(), userId: z.string(), username: z.string() });
