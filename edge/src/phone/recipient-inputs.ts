import type { RecipientInput } from '../../../shared/src/api/recipient-lists.js';
import { recipientsFromInputs } from '../../../shared/src/api/recipient-lists.js';
import { dedupeRecipients, type Recipient } from '../../../shared/src/campaigns/recipients.js';
import { ApiError } from '../errors.js';

/** Reported numbers per answer: a list of 100,000 national-format numbers would otherwise answer
 * a 100,000-entry error. */
const MAX_DETAILS = 100;

/** The recipients to store, one per E.164 number, or a 400 naming every bad number's index. */
export function normalizedRecipients(inputs: readonly RecipientInput[], defaultCountry: string | undefined): Recipient[] {
  const { recipients, errors } = recipientsFromInputs(inputs, defaultCountry);
  if (errors.length > 0) {
    const [first] = errors;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more bad number(s))` : '';
    throw new ApiError(400, `${first!.path}: ${first!.message}${more}`, errors.slice(0, MAX_DETAILS));
  }
  return dedupeRecipients(recipients).recipients;
}
