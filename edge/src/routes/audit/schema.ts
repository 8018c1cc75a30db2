// Request and response shapes of the audit log. Kept here rather than in shared/ because only the
// edge writes and serves it (the session host only deletes old rows).
import { z } from '@hono/zod-openapi';
import { SessionId } from '../../../../shared/src/api/common.js';
import { NextCursor, cursorPageQuery } from '../paging.js';

const instant = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z` })
    .optional()
    .openapi({ description: name === 'since' ? 'Only entries at or after this time' : 'Only entries before this time' });

export const AuditQuery = z.object({
  actor: z
    .string()
    .regex(/^(master|anonymous|(admin|user|session):[\w.@-]{1,64})$/, 'actor must be master, anonymous, admin:<name>, user:<id> or session:<id>')
    .optional()
    .openapi({ description: 'Only what this caller did, as entries name it (`user:<id>`, `session:<id>`, …)' }),
  action: z
    .string()
    .regex(/^[a-z-]{1,32}(\.[a-z-]{1,32})?$/, 'action must be an action name such as session.create, or a prefix such as session')
    .optional()
    .openapi({ description: 'An action (`session.delete`) or every action of a kind (`session`)' }),
  sessionId: SessionId.optional(),
  since: instant('since'),
  until: instant('until'),
  ...cursorPageQuery,
});

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string().describe('ISO 8601'),
  actor: z.string().describe('master, admin:<ADMIN_USERNAME>, user:<id> (a dashboard user), session:<id> (its token) or anonymous'),
  action: z.string().describe('e.g. session.create, webhook.set, campaign.pause, list.import, user.update, auth.login'),
  target: z.string().nullable().describe('The id acted on'),
  sessionId: z.string().nullable(),
  status: z.number().int().describe('The HTTP status the request got: refusals are recorded too'),
  address: z.string().describe('The client address (TRUST_PROXY decides where it is read)'),
  detail: z.record(z.string(), z.unknown()).describe('Field names changed, non-secret values (role, sessionIds), why a refusal happened'),
});

export const AuditResponse = z.object({ status: z.literal('success'), entries: z.array(AuditEntry), nextCursor: NextCursor });
