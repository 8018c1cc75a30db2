import { OutgoingMessage, QueuedEdit, type QueuedMessage } from '../../../shared/src/api/messages.js';
import { PermanentSendError } from './send-errors.js';

/** The request item as the API stored it. One that no longer reads (written by another version,
 * or edited by hand) can never be sent: it fails at once, naming the field, instead of retrying. */
export function storedItem(payload: string): QueuedMessage {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new PermanentSendError('stored message is not valid JSON');
  }
  // Parsed by its own schema, so a refusal names the field rather than "no union member matched".
  const schema = (json as { type?: unknown } | null)?.type === 'edit' ? QueuedEdit : OutgoingMessage;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new PermanentSendError(`stored message is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}
