// AI replies: a session's OpenAI-compatible chat endpoint answering contacts' texts in 1:1 chats,
// with a daily cap and a per-chat human takeover. The API key is write-only.
import { z } from 'zod';
import { isRecipientShape } from '../phone/recipient.js';
import { SessionId } from './common.js';

export const AI_CONTEXT_MESSAGES_MAX = 50;
export const AI_DAILY_CAP_MAX = 100_000;
export const AI_SYSTEM_PROMPT_MAX = 8_000;

const whole = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a whole number from ${min} to ${max}` })
    .int(`${field} must be a whole number from ${min} to ${max}`)
    .min(min, `${field} must be a whole number from ${min} to ${max}`)
    .max(max, `${field} must be a whole number from ${min} to ${max}`);

/** Why a base URL is refused, or undefined: http(s), a host, no credentials, query or fragment. */
export function aiBaseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://api.openai.com/v1';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
  if (!url.hostname) return 'must name a host';
  if (url.username || url.password) return 'must not carry credentials (the key goes in apiKey)';
  if (url.search || url.hash) return 'must not have a query or fragment';
  return undefined;
}

export const AiBaseUrl = z
  .string({ error: 'baseUrl is required: the endpoint’s base URL such as https://api.openai.com/v1' })
  .trim()
  .max(2048, 'baseUrl must be at most 2048 characters')
  .superRefine((value, ctx) => {
    const problem = aiBaseUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `baseUrl ${problem}` });
  })
  .describe('The OpenAI-compatible API’s base URL; replies are asked from `{baseUrl}/chat/completions`')
  .meta({ example: 'https://api.openai.com/v1' });

export const AiReplyConfigBody = z.object({
  enabled: z.boolean({ error: 'enabled must be true or false' }).describe('Answer contacts now; false keeps the settings but stays silent'),
  baseUrl: AiBaseUrl,
  model: z
    .string({ error: 'model is required, e.g. gpt-4o-mini' })
    .trim()
    .min(1, 'model must not be empty')
    .max(200, 'model must be at most 200 characters')
    .describe('The model name the endpoint knows'),
  apiKey: z
    .string({ error: 'apiKey must be a string or null' })
    .min(1, 'apiKey must not be empty (null removes it)')
    .max(4096, 'apiKey must be at most 4096 characters')
    .nullable()
    .optional()
    .describe('Sent as `Authorization: Bearer …`. Write-only: stored sealed, never shown (answers say `hasKey`). Left out: the stored key stays; null: none'),
  systemPrompt: z
    .string({ error: 'systemPrompt must be a string' })
    .max(AI_SYSTEM_PROMPT_MAX, `systemPrompt must be at most ${AI_SYSTEM_PROMPT_MAX} characters`)
    .default('')
    .describe('The system message before the chat'),
  contextMessages: whole('contextMessages', 1, AI_CONTEXT_MESSAGES_MAX)
    .default(10)
    .describe('How many of the chat’s latest text messages (the contact’s as user, the account’s as assistant) go with each request'),
  dailyCap: whole('dailyCap', 1, AI_DAILY_CAP_MAX).default(100).describe('AI replies per UTC day at most, over all chats of the session'),
});
export type AiReplyConfigBody = z.infer<typeof AiReplyConfigBody>;

export const AiLastError = z
  .object({ message: z.string(), at: z.string().describe('ISO 8601') })
  .nullable()
  .describe('The last failed attempt to answer (endpoint down, slow, a bad answer, the daily cap reached); null: none yet');

export const AiReplyConfigView = z.object({
  status: z.literal('success'),
  sessionId: z.string(),
  configured: z.boolean().describe('False: AI replies were never set up (or were removed); every other field is then its empty value'),
  enabled: z.boolean(),
  baseUrl: z.string().nullable(),
  model: z.string().nullable(),
  hasKey: z.boolean().describe('An API key is stored (it is never shown)'),
  systemPrompt: z.string(),
  contextMessages: z.number().int(),
  dailyCap: z.number().int(),
  repliesToday: z.number().int().describe('AI replies queued since midnight UTC'),
  lastError: AiLastError,
});
export type AiReplyConfigView = z.infer<typeof AiReplyConfigView>;

export const AiChatBody = z.object({
  enabled: z
    .boolean({ error: 'enabled must be true (hand the chat back to the AI) or false (a human takes over)' })
    .describe('false: a human takes the chat over and the AI stays silent in it; true: hand it back'),
});

export const AiChatView = z.object({
  status: z.literal('success'),
  sessionId: z.string(),
  chatId: z.string().describe('The chat’s JID'),
  aiActive: z.boolean().describe('The AI answers this chat (when the session’s AI replies are enabled)'),
  takenOver: z
    .object({ at: z.string().describe('ISO 8601'), by: z.enum(['switch', 'message']).describe('switch: PUT …/ai; message: an operator wrote in the chat') })
    .nullable(),
});
export type AiChatView = z.infer<typeof AiChatView>;

/** The session host's internal command: read the stored settings again. */
export const AiCommand = z.object({ action: z.literal('reload') });

export const AiChatParams = z.object({
  sessionId: SessionId,
  chatId: z
    .string({ error: 'chatId is required' })
    .trim()
    .max(256, 'chatId must be at most 256 characters')
    .refine(isRecipientShape, 'chatId must be a phone number (6281234567890) or a WhatsApp JID (…@s.whatsapp.net, …@lid)')
    .describe("The 1:1 chat: the contact's number (read in the session's default country) or its JID")
    .meta({ example: '6281234567890' }),
});
