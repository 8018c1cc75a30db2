import { z } from '@hono/zod-openapi';
import { MessageResult } from '../../../../shared/src/api/messages.js';

export { MessageResult };

/** Fields are checked in the handler so the answers keep the original's exact messages. */
export const LegacySendBody = z.object({
  sessionId: z.string().max(64).optional().openapi({ example: 'mySession' }),
  number: z
    .union([z.string().max(32), z.number()])
    .optional()
    .openapi({ example: '6281234567890' }),
  message: z.string().max(4096).optional().openapi({ example: 'This is a legacy message.' }),
});

export const LegacyFormBody = z.object({
  phone: z.string().max(32).optional().openapi({ example: '6281234567890' }),
  message: z.string().max(4096).optional().openapi({ example: 'Hello from a form' }),
  sessionId: z.string().max(64).optional().openapi({ description: 'Defaults to the token’s session, else LEGACY_DEFAULT_SESSION' }),
});
