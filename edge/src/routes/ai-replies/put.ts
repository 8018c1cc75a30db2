import { createRoute } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { seal } from '../../../../shared/src/crypto.js';
import { aiReplyConfigs } from '../../../../shared/src/db/schema.js';
import { aiConfigView } from '../../ai-replies/ai-views.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { requireSession } from '../../sessions/require-session.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { AiReplyConfigBody, AiReplyConfigView, SessionIdParam } from './schema.js';

const route = createRoute({
  method: 'put',
  path: '/sessions/{sessionId}/ai',
  tags: ['AI replies'],
  summary: "Set the session's AI replies",
  description:
    'An OpenAI-compatible endpoint answers contacts’ texts in 1:1 chats: `POST {baseUrl}/chat/completions` with the system prompt ' +
    'and the chat’s latest `contextMessages` texts; the answer goes out through the send queue like any message. At most ' +
    '`dailyCap` replies a UTC day; a chat an operator writes in (or switches off with PUT …/chats/{chatId}/ai) is left to the ' +
    'human. Master key or admin only: the session host calls this URL with the key. The endpoint must resolve to a public ' +
    'address unless ALLOW_PRIVATE_NETWORK_FETCH is set. `apiKey` is stored sealed and never shown; left out, the stored one stays.',
  ...callerOnly({ privileged: true }),
  request: { params: SessionIdParam, body: jsonBody(AiReplyConfigBody) },
  responses: { 200: jsonContent(AiReplyConfigView, 'Stored'), ...errorResponses(400, 401, 403, 404) },
});

export function registerPutAiReplies(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const body = c.req.valid('json');
    const { db, clock, config, host } = c.var.deps;
    await requireSession(db, sessionId);
    const now = clock();
    const [existing] = await db
      .select({ enabled: aiReplyConfigs.enabled, enabledAt: aiReplyConfigs.enabledAt, keySealed: aiReplyConfigs.keySealed })
      .from(aiReplyConfigs)
      .where(eq(aiReplyConfigs.sessionId, sessionId));
    const keySealed =
      body.apiKey === undefined ? (existing?.keySealed ?? null) : body.apiKey === null ? null : await seal(config.hostSecret, body.apiKey, 'ai-key');
    // Switching on starts a new window: operator messages from before do not take chats over.
    const enabledAt = body.enabled && !existing?.enabled ? now : (existing?.enabledAt ?? null);
    const values = {
      enabled: body.enabled,
      baseUrl: body.baseUrl,
      model: body.model,
      keySealed,
      systemPrompt: body.systemPrompt,
      contextMessages: body.contextMessages,
      dailyCap: body.dailyCap,
      enabledAt,
      updatedAt: now,
    };
    await db
      .insert(aiReplyConfigs)
      .values({ sessionId, ...values })
      .onConflictDoUpdate({ target: aiReplyConfigs.sessionId, set: values });
    // A host that is down reads the settings when it starts the session.
    await host.command(sessionId, 'ai', { action: 'reload' }).catch(() => undefined);
    return c.json(await aiConfigView(db, sessionId, now), 200);
  });
}
