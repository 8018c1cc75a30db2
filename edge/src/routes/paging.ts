import { z } from '@hono/zod-openapi';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `limit` and `cursor` for lists paged newest first by row id: ids only grow, so "id below the
 * cursor" stays stable while new rows arrive at the top. */
export const cursorPageQuery = {
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(MAX_PAGE_SIZE, `limit must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'cursor must be a nextCursor returned by this endpoint')
    .optional()
    .openapi({ description: 'The `nextCursor` of the previous page.' }),
};

export const NextCursor = z.string().nullable().describe('Pass as `cursor` for the next (older) page; null on the last page');

/** Rows fetched with `limit + 1`: the page, and the cursor of the next one if there is more. */
export function cursorPage<T extends { id: number }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? String(last.id) : null };
}
