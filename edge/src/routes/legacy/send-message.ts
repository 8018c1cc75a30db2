import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { LegacySendBody, MessageResult } from './schema.js';
import { legacyGuards, sendLegacyText } from './send-text.js';

const route = createRoute({
  method: 'post',
  path: '/legacy/send-message',
  tags: ['Legacy'],
  summary: 'Send a text (JSON, legacy)',
  description: 'Also served at POST /api/send-message. Needs the session token unless LEGACY_API_AUTH=none; 10 requests a minute per session.',
  security: [{ bearerAuth: [] }],
  middleware: legacyGuards,
  request: { body: jsonBody(LegacySendBody) },
  responses: { 200: jsonContent(MessageResult, 'Queued, as one entry of POST /messages'), ...errorResponses(400, 401, 403, 404) },
});

export const LEGACY_SEND_REQUIRED = 'sessionId, number, and message are required.';

export async function handleLegacySendMessage(c: Context<AppEnv>, body: { sessionId?: string; number?: string | number; message?: string }) {
  const result = await sendLegacyText(
    c,
    { sessionId: body.sessionId, number: body.number === undefined ? undefined : String(body.number), message: body.message, numberField: 'number' },
    LEGACY_SEND_REQUIRED,
  );
  return c.json(result, 200);
}

export function registerLegacySendMessage(router: Router) {
  return router.openapi(route, (c) => handleLegacySendMessage(c, c.req.valid('json')));
}
