import { createRoute } from '@hono/zod-openapi';
import { and, count, eq } from 'drizzle-orm';
import { CsvFileError, parseRecipientsCsv } from '../../../../shared/src/campaigns/recipients-csv.js';
import { recipientListMembers, recipientLists } from '../../../../shared/src/db/schema.js';
import { requirePrincipal } from '../../auth/principal.js';
import { callerCountry } from '../../phone/default-country.js';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonContent } from '../router.js';
import { listIsVisible, notFound, visibleList } from './access.js';
import { CSV_TOO_LARGE, readCsvBody } from './csv-body.js';
import type { Router } from '../router-types.js';
import { insertMembers, recountMembers } from './members-sql.js';
import { ImportQuery, ImportResponse, ListIdParam, MAX_CSV_BYTES, MAX_RECIPIENTS_PER_REQUEST } from './schema.js';
import { callerOnly } from '../caller.js';

const binary = { schema: { type: 'string' as const, format: 'binary' } };

const route = createRoute({
  method: 'post',
  path: '/recipient-lists/{listId}/import',
  tags: ['Recipient lists'],
  summary: 'Import recipients from CSV',
  description:
    'Header `number,name,jobTitle,companyName` (also phone, company, job title…); any other column is ' +
    'kept as a custom field. Numbers are normalized to E.164 digits (national format read in the default ' +
    'country of the calling session, else DEFAULT_COUNTRY); a number already in the list (or earlier in ' +
    'the file) is merged. Bad rows are skipped and reported with their line number; the good rows are ' +
    'imported. At most 8 MB and 100,000 rows. Body: text/csv, or multipart/form-data with the field ' +
    '`file`.',
  // Room for the multipart framing around a CSV of the maximum size.
  ...callerOnly({ maxBodyBytes: MAX_CSV_BYTES + 64 * 1024, tooLarge: CSV_TOO_LARGE }),
  request: {
    params: ListIdParam,
    query: ImportQuery,
    body: {
      content: { 'text/csv': binary, 'multipart/form-data': { schema: { type: 'object' as const, properties: { file: binary.schema } } } },
      required: true,
    },
  },
  responses: { 200: jsonContent(ImportResponse, 'Imported'), ...errorResponses(400, 401, 404, 413) },
});

export function registerImportList(router: Router) {
  return router.openapi(route, async (c) => {
    const principal = requirePrincipal(c);
    const { listId } = c.req.valid('param');
    const { mode } = c.req.valid('query');
    const { db, clock } = c.var.deps;
    const text = await readCsvBody(c);
    let parsed: ReturnType<typeof parseRecipientsCsv>;
    try {
      parsed = parseRecipientsCsv(text, callerCountry(c.var.deps, principal));
    } catch (err) {
      if (err instanceof CsvFileError) throw new ApiError(400, err.message);
      throw err;
    }
    if (parsed.recipients.length > MAX_RECIPIENTS_PER_REQUEST) {
      throw new ApiError(400, `The CSV has ${parsed.recipients.length} recipients: at most ${MAX_RECIPIENTS_PER_REQUEST} per import.`);
    }
    const now = clock();
    const gate = listIsVisible(principal, listId);
    const countMembers = () => db.select({ n: count() }).from(recipientListMembers).where(eq(recipientListMembers.listId, listId));
    const [lists, [before], ...rest] = await db.batch([
      db.select({ id: recipientLists.id }).from(recipientLists).where(visibleList(principal, listId)),
      countMembers(),
      ...(mode === 'replace' ? [db.delete(recipientListMembers).where(and(eq(recipientListMembers.listId, listId), gate))] : []),
      ...insertMembers(db, listId, parsed.recipients, gate, mode === 'append'),
      recountMembers(db, listId, now, gate),
      countMembers(),
    ]);
    if (lists.length === 0) throw new ApiError(404, notFound(listId));
    const after = (rest.at(-1) as { n: number }[])[0]!.n;
    const imported = mode === 'replace' ? after : after - before!.n;
    const merged = parsed.merged + parsed.recipients.length - imported;
    const problems = parsed.errors.length ? `; ${parsed.errors.length} row(s) skipped` : '';
    return c.json(
      {
        status: 'success' as const,
        message: `Imported ${imported} new recipient(s) into ${listId}, merged ${merged}${problems}.`,
        imported,
        merged,
        errors: parsed.errors,
        recipientCount: after,
      },
      200,
    );
  });
}
