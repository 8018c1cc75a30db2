import { createRoute } from '@hono/zod-openapi';
import { contactPhone, type CheckedContact } from '../../../../shared/src/api/contacts.js';
import { phoneErrorMessage } from '../../../../shared/src/phone/normalize.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { requireConnectedSession } from '../../messages/enqueue.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonBody, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { CheckContactsBody, CheckContactsQuery, CheckContactsResponse } from './schema.js';

const route = createRoute({
  method: 'post',
  path: '/contacts/check',
  tags: ['Contacts'],
  summary: 'Which numbers are on WhatsApp, with their LIDs',
  description:
    'Up to 100 numbers. Numbers the session already knows (a known LID, or a check younger than ' +
    '`CONTACT_CHECK_TTL_MS`) are answered from the database at no cost; each other number takes one slot ' +
    'of the session’s send pace (`SEND_RATE_PER_MINUTE`, shared with its messages) so bulk checks cannot ' +
    'get the number banned. Numbers the pace had no slot for within about 10 s come back `processing`: ' +
    'ask again.',
  ...callerOnly(),
  request: { query: CheckContactsQuery, body: jsonBody(CheckContactsBody) },
  responses: { 200: jsonContent(CheckContactsResponse, 'One answer per number, in request order'), ...errorResponses(400, 401, 403, 404, 409, 503) },
});

export function registerCheckContacts(router: Router) {
  return router.openapi(route, async (c) => {
    const sessionId = c.req.valid('query').sessionId;
    if (!sessionId) throw new ApiError(400, 'sessionId query parameter is required');
    requireSessionAccess(c, sessionId);
    const inputs = c.req.valid('json').contacts;
    const { defaultCountry } = await requireConnectedSession(c.var.deps, sessionId, c.var.principal);
    // Read like `to`: national formats in the session's country; the first number that is not one is refused.
    const numbers = inputs.map((input, i) => {
      const phone = contactPhone(input, defaultCountry);
      if (!phone.ok) throw new ApiError(400, phoneErrorMessage(`contacts.${i}`, input, phone.reason));
      return phone.digits;
    });
    const { contacts } = await c.var.deps.host.command<{ contacts: CheckedContact[] }>(sessionId, 'contacts-check', { numbers: [...new Set(numbers)] });
    const byNumber = new Map(contacts.map((answer) => [answer.input, answer]));
    return c.json({ status: 'success' as const, contacts: inputs.map((input, i) => ({ ...byNumber.get(numbers[i]!)!, input })) }, 200);
  });
}
