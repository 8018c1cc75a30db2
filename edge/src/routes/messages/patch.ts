import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { newWaMessageId, type QueuedEdit } from '../../../../shared/src/api/messages.js';
import { sha256Hex } from '../../../../shared/src/crypto.js';
import { idempotencyKeys, messages } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { requireConnectedSession } from '../../messages/enqueue.js';
import { findIdempotent } from '../../messages/idempotency.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { EditMessageBody, EditMessageParams, EditMessageQuery, EditMessageResult } from './schema.js';

const route = createRoute({
  method: 'patch',
  path: '/messages/{messageId}',
  tags: ['Messages'],
  summary: 'Edit a sent text message',
  description:
    'Replaces the text of a text message this session sent. The edit is queued like any send (its own ' +
    'row and WhatsApp id, retried, exactly once) and its status arrives as `message.status` events under ' +
    'the returned `messageId`. An `Idempotency-Key` header makes a retried request return the first ' +
    'answer instead of queueing the edit again.',
  ...callerOnly(),
  request: {
    params: EditMessageParams,
    query: EditMessageQuery,
    headers: z.object({ 'idempotency-key': z.string().max(255).optional().openapi({ description: 'Any unique string per logical request' }) }),
    body: jsonBody(EditMessageBody),
  },
  responses: { 200: jsonContent(EditMessageResult, 'Edit queued'), ...errorResponses(400, 401, 403, 404, 409) },
});

type EditResult = z.infer<typeof EditMessageResult>;

export function registerEditMessage(router: Router) {
  return router.openapi(route, async (c) => {
    const { messageId } = c.req.valid('param');
    const { sessionId } = c.req.valid('query');
    requireSessionAccess(c, sessionId);
    const { text } = c.req.valid('json');
    const deps = c.var.deps;
    const { db, clock } = deps;
    await requireConnectedSession(deps, sessionId, c.var.principal);
    const key = c.req.valid('header')['idempotency-key'];
    const requestHash = key ? await sha256Hex(`PATCH ${messageId}\n${JSON.stringify(text)}`) : '';
    const replay = key ? await findIdempotent<EditResult>(deps, sessionId, key, requestHash) : null;
    if (replay) return c.json(replay, 200);

    const [target] = await db
      .select({ remoteJid: messages.remoteJid, type: messages.type, status: messages.status })
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.waMessageId, messageId), eq(messages.direction, 'out')));
    if (!target) throw new ApiError(404, `messageId: message ${messageId} is not a message session ${sessionId} sent.`);
    if (target.type !== 'text') throw new ApiError(400, `messageId: message ${messageId} is of type ${target.type}; only text messages can be edited.`);
    if (target.status === 'failed') throw new ApiError(400, `messageId: message ${messageId} failed to send; there is nothing to edit.`);

    const waMessageId = newWaMessageId();
    const to = target.remoteJid;
    const payload: QueuedEdit = { type: 'edit', to, edit: { message_id: messageId, text } };
    const result: EditResult = {
      status: 'success',
      message: `Edit of ${messageId} queued`,
      messageId: waMessageId,
      editedMessageId: messageId,
      to,
      messageStatus: 'queued',
    };
    const now = clock();
    const row = db.insert(messages).values({
      sessionId,
      waMessageId,
      direction: 'out',
      remoteJid: to,
      type: 'edit',
      payload: JSON.stringify(payload),
      status: 'queued',
      createdAt: now,
      updatedAt: now,
    });
    try {
      if (key) await db.batch([row, db.insert(idempotencyKeys).values({ sessionId, key, requestHash, response: JSON.stringify(result), createdAt: now })]);
      else await row;
    } catch (err) {
      // A concurrent retry with the same key won the race: answer what it answered.
      const winner = key && (await findIdempotent<EditResult>(deps, sessionId, key, requestHash));
      if (winner) return c.json(winner, 200);
      throw err;
    }
    c.executionCtx.waitUntil(deps.host.kick(sessionId).catch(() => undefined));
    return c.json(result, 200);
  });
}
