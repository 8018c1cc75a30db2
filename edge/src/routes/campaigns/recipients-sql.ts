import { sql } from 'drizzle-orm';
import type { Recipient } from '../../../../shared/src/campaigns/recipients.js';
import type { Db } from '../../db/client.js';
import { CHUNK_ROWS, recipientChunks } from '../recipient-lists/members-sql.js';

/** Inline recipients into `campaign_recipients` at positions 0..n-1, in chunks (one JSON argument
 * each) meant for the same batch as the campaign row. */
export function insertCampaignRecipients(db: Db, campaignId: string, recipients: readonly Recipient[]) {
  return recipientChunks(recipients).map((chunk, index) =>
    db.run(sql`insert into campaign_recipients (campaign_id, position, number, name, job_title, company_name, custom_fields, status, attempts)
      select ${campaignId}, ${index * CHUNK_ROWS} + j.key, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
        json_extract(j.value, '$[3]'), coalesce(json_extract(j.value, '$[4]'), '{}'), 'pending', 0
      from json_each(${chunk}) j`),
  );
}

/** A copy of a list's recipients, renumbered 0..n-1 in list order. */
export function copyListRecipients(db: Db, campaignId: string, listId: string) {
  return db.run(sql`insert into campaign_recipients (campaign_id, position, number, name, job_title, company_name, custom_fields, status, attempts)
    select ${campaignId}, row_number() over (order by position) - 1, number, name, job_title, company_name, custom_fields, 'pending', 0
    from recipient_list_members where list_id = ${listId} order by position`);
}

/** The custom field names used anywhere in a list, for checking placeholders. */
export function listCustomFieldNames(db: Db, listId: string) {
  return db.run(sql`select distinct j.key as key from recipient_list_members m, json_each(m.custom_fields) j where m.list_id = ${listId}`);
}
