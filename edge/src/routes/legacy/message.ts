import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { LegacyFormBody, MessageResult } from './schema.js';
import { legacyGuards, sendLegacyText } from './send-text.js';

const route = createRoute({
  method: 'post',
  path: '/legacy/message',
  tags: ['Legacy'],
  summary: 'Send a text (form data, legacy)',
  description: 'Also served at POST /api/message. `sessionId` defaults to the token’s session, else LEGACY_DEFAULT_SESSION (no hard-coded default).',
  security: [{ bearerAuth: [] }],
  middleware: legacyGuards,
  request: {
    body: { content: { 'multipart/form-data': { schema: LegacyFormBody }, 'application/x-www-form-urlencoded': { schema: LegacyFormBody } }, required: true },
  },
  responses: { 200: jsonContent(MessageResult, 'Queued, as one entry of POST /messages'), ...errorResponses(400, 401, 403, 404) },
});

export async function handleLegacyMessage(c: Context<AppEnv>) {
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    throw new ApiError(400, 'phone and message are required.');
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const result = await sendLegacyText(
    c,
    { sessionId: text(form.sessionId), number: text(form.phone), message: text(form.message), numberField: 'phone' },
    'phone and message are required.',
  );
  return c.json(result, 200);
}

export function registerLegacyMessage(router: Router) {
  return router.openapi(route, (c) => handleLegacyMessage(c));
}
