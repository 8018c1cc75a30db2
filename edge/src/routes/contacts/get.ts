import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { contactPhone, contactRef, type ContactRef } from '../../../../shared/src/api/contacts.js';
import { phoneErrorMessage } from '../../../../shared/src/phone/normalize.js';
import { contactIdentities, waAuthState } from '../../../../shared/src/db/schema.js';
import { requireSessionAccess } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { effectiveCountry } from '../../phone/default-country.js';
import { requireSession } from '../../sessions/require-session.js';
import { callerOnly } from '../caller.js';
import { errorResponses, jsonContent } from '../router.js';
import type { Router } from '../router-types.js';
import { ContactIdentity, ContactPath, ContactQuery } from './schema.js';

const route = createRoute({
  method: 'get',
  path: '/contacts/{id}',
  tags: ['Contacts'],
  summary: 'Phone number and LID of a contact',
  description:
    'By phone number (digits or phone JID) or by LID (`…@lid`): both ids as this session learned them ' +
    '(from messages, usync answers, contact and group data, WhatsApp’s LID sync), the push name, and ' +
    '`jid` to send to. Answered from the database; the session need not be connected.',
  ...callerOnly(),
  request: { params: ContactPath, query: ContactQuery },
  responses: { 200: jsonContent(ContactIdentity, 'What the session knows'), ...errorResponses(400, 401, 403, 404) },
});

const unquote = (value: string | undefined) => (value ? (JSON.parse(value) as unknown) : undefined);

export function registerGetContact(router: Router) {
  return router.openapi(route, async (c) => {
    const { sessionId } = c.req.valid('query');
    const { id } = c.req.valid('param');
    requireSessionAccess(c, sessionId);
    const { db } = c.var.deps;
    const session = await requireSession(db, sessionId);
    // A number is read like `to`: national formats in the session's country.
    let ref: ContactRef | null = contactRef(id);
    if (!ref?.lid) {
      const phone = contactPhone(id, effectiveCountry(c.var.deps, session.defaultCountry));
      if (!phone.ok) throw new ApiError(400, phoneErrorMessage('id', id, phone.reason));
      ref = { phone: phone.digits };
    }
    const [rows, mapped] = await db.batch([
      db
        .select()
        .from(contactIdentities)
        .where(and(eq(contactIdentities.sessionId, sessionId), ref.phone ? eq(contactIdentities.phone, ref.phone) : eq(contactIdentities.lid, ref.lid!))),
      // Baileys' own pairs, for what it learned before this table existed
      db
        .select({ value: waAuthState.value })
        .from(waAuthState)
        .where(and(eq(waAuthState.sessionId, sessionId), eq(waAuthState.category, 'lid-mapping'), eq(waAuthState.keyId, ref.phone ?? `${ref.lid}_reverse`))),
    ]);
    const row = rows[0];
    const other = unquote(mapped[0]?.value);
    const fromKeys = typeof other === 'string' && /^\d+$/.test(other) ? other : null;
    const phone = row?.phone ?? ref.phone ?? (ref.lid ? fromKeys : null);
    const lid = row?.lid ?? ref.lid ?? (ref.phone ? fromKeys : null);
    return c.json(
      {
        status: 'success' as const,
        phone,
        lid: lid ? `${lid}@lid` : null,
        jid: phone ? `${phone}@s.whatsapp.net` : `${lid}@lid`,
        pushName: row?.pushName ?? null,
        known: Boolean(row || fromKeys),
      },
      200,
    );
  });
}
