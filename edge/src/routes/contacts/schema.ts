import { z } from '@hono/zod-openapi';
import { CheckContactsBody, CheckContactsResponse, ContactIdParam, ContactIdentity, ContactSessionQuery } from '../../../../shared/src/api/contacts.js';

export { CheckContactsBody, CheckContactsResponse, ContactIdentity };

export const ContactPath = ContactIdParam.extend({
  id: ContactIdParam.shape.id.openapi({ param: { name: 'id', in: 'path' }, example: '6281234567890' }),
});

export const ContactQuery = ContactSessionQuery.extend({
  sessionId: ContactSessionQuery.shape.sessionId.openapi({ param: { name: 'sessionId', in: 'query', required: true }, example: 'mySession' }),
});

export const CheckContactsQuery = z.object({
  sessionId: z
    .string()
    .optional()
    .openapi({ param: { name: 'sessionId', in: 'query', required: true }, example: 'mySession' }),
});
