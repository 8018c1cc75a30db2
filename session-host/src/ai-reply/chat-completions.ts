// One call to an OpenAI-compatible `POST {baseUrl}/chat/completions`, through the same guarded
// fetch as webhooks: one deadline, a bounded answer, public addresses only (unless the host allows
// private ones), no redirects. Every failure is an AiEndpointError whose message never holds the key.
import { z } from 'zod';
import { safeFetch, SafeFetchError, type SafeFetchResponse } from '../net/safe-fetch.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatEndpoint {
  baseUrl: string;
  model: string;
  apiKey: string | null;
}

export interface ChatCallOptions {
  timeoutMs: number;
  allowPrivateNetwork: boolean;
}

/** A chat completion is a few KB; anything far larger is not one. */
const MAX_ANSWER_BYTES = 256 * 1024;

const Completion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }) })).min(1),
});

export class AiEndpointError extends Error {
  override readonly name = 'AiEndpointError';
}

export function completionsUrl(baseUrl: string): string {
  let base = baseUrl;
  while (base.endsWith('/')) base = base.slice(0, -1);
  return `${base}/chat/completions`;
}

/** The assistant's text, trimmed; AiEndpointError when there is none. */
export async function askChatCompletion(endpoint: ChatEndpoint, messages: ChatMessage[], options: ChatCallOptions): Promise<string> {
  let res: SafeFetchResponse;
  try {
    res = await safeFetch(completionsUrl(endpoint.baseUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: endpoint.model, messages }),
      timeoutMs: options.timeoutMs,
      maxResponseBytes: MAX_ANSWER_BYTES,
      maxRedirects: 0,
      allowPrivateNetwork: options.allowPrivateNetwork,
    });
  } catch (err) {
    if (err instanceof SafeFetchError) throw new AiEndpointError(fetchFailure(err, options.timeoutMs));
    throw new AiEndpointError('the AI endpoint could not be reached');
  }
  // The body of a refusal may quote the key (some APIs echo part of it): only the status is said.
  if (res.status < 200 || res.status > 299) throw new AiEndpointError(`the AI endpoint answered HTTP ${res.status}`);
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new AiEndpointError('the AI endpoint answered something that is not JSON');
  }
  const parsed = Completion.safeParse(json);
  if (!parsed.success) throw new AiEndpointError('the AI endpoint answered JSON without choices[0].message.content');
  const text = parsed.data.choices[0]!.message.content?.trim();
  if (!text) throw new AiEndpointError('the AI endpoint answered an empty message');
  return text;
}

function fetchFailure(err: SafeFetchError, timeoutMs: number): string {
  switch (err.reason) {
    case 'timeout':
      return `the AI endpoint did not answer within ${timeoutMs} ms`;
    case 'too-large':
      return `the AI endpoint's answer is over ${MAX_ANSWER_BYTES} bytes`;
    case 'private-address':
    case 'bad-url':
      return `the AI endpoint cannot be used: ${err.message}`;
    default:
      return `the AI endpoint could not be reached: ${err.message}`;
  }
}
