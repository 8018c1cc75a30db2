import { sql, type SQL } from 'drizzle-orm';
import type { Recipient } from '../../../../shared/src/campaigns/recipients.js';
import type { Db } from '../../db/client.js';

/** Rows per insert statement. Each chunk travels as one JSON text argument read with json_each,
 * so a 100,000-recipient set is ~50 statements in one batch instead of 700,000 bound values. */
export const CHUNK_ROWS = 2000;

/** Recipients as compact JSON rows `[number, name, jobTitle, companyName, customFields|null]`. */
export function recipientChunks(recipients: readonly Recipient[]): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < recipients.length; i += CHUNK_ROWS) {
    const rows = recipients
      .slice(i, i + CHUNK_ROWS)
      .map((r) => [r.number, r.name, r.jobTitle, r.companyName, Object.keys(r.customFields).length ? r.customFields : null]);
    chunks.push(JSON.stringify(rows));
  }
  return chunks;
}

const columns = sql`json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
  json_extract(j.value, '$[3]'), coalesce(json_extract(j.value, '$[4]'), '{}')`;

/** Inserts into `recipient_list_members` after the list's last position, only when `gate` holds.
 * `upsert` merges a number already in the list (non-empty fields win, custom fields patched). */
export function insertMembers(db: Db, listId: string, recipients: readonly Recipient[], gate: SQL, upsert: boolean) {
  return recipientChunks(recipients).map((chunk) =>
    db.run(sql`insert into recipient_list_members (list_id, position, number, name, job_title, company_name, custom_fields)
      select ${listId}, (select coalesce(max(position), -1) + 1 from recipient_list_members where list_id = ${listId}) + j.key, ${columns}
      from json_each(${chunk}) j where ${gate}
      ${
        upsert
          ? sql`on conflict (list_id, number) do update set
        name = coalesce(excluded.name, name), job_title = coalesce(excluded.job_title, job_title),
        company_name = coalesce(excluded.company_name, company_name), custom_fields = json_patch(custom_fields, excluded.custom_fields)`
          : sql``
      }`),
  );
}

/** Sets recipient_count from the rows themselves, so it never drifts; only when `gate` holds. */
export function recountMembers(db: Db, listId: string, now: number, gate: SQL) {
  return db.run(sql`update recipient_lists set recipient_count = (select count(*) from recipient_list_members where list_id = ${listId}),
    updated_at = ${now} where id = ${listId} and ${gate}`);
}
