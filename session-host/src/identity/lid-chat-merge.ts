import { sql } from 'drizzle-orm';
import type { HostDb } from '../db/client.js';
import type { LidPnPair } from './identity-store.js';

/** A contact WhatsApp showed only by its LID has a chat of its own (`<lid>@lid`) until its number
 * is known; from then on its messages go to the number's chat (incoming-messages.ts). When a pair
 * is learned, these statements move what the LID chat holds into the number's: its messages, its
 * latest message and read mark (the later of each), and the AI's takeover of it, so the inbox shows
 * one chat per person. Read from one JSON parameter, like the identity statements they join. */
export function lidChatMergeStatements(db: HostDb, sessionId: string, pairs: readonly LidPnPair[]) {
  if (pairs.length === 0) return [];
  const json = JSON.stringify(pairs.map((p) => ({ lid: `${p.lid}@lid`, pn: `${p.phone}@s.whatsapp.net` })));
  const lids = sql`(select json_extract(value, '$.lid') from json_each(${json}))`;
  const numberOf = (lidJid: ReturnType<typeof sql>) =>
    sql`(select json_extract(value, '$.pn') from json_each(${json}) where json_extract(value, '$.lid') = ${lidJid})`;
  return [
    db.run(sql`insert into chats (session_id, remote_jid, last_message_id, last_read_id)
      select session_id, ${numberOf(sql`chats.remote_jid`)}, last_message_id, last_read_id from chats where session_id = ${sessionId} and remote_jid in ${lids}
      on conflict (session_id, remote_jid) do update set last_message_id = max(chats.last_message_id, excluded.last_message_id),
        last_read_id = max(chats.last_read_id, excluded.last_read_id)`),
    db.run(sql`delete from chats where session_id = ${sessionId} and remote_jid in ${lids}`),
    db.run(sql`update messages set remote_jid = ${numberOf(sql`messages.remote_jid`)} where session_id = ${sessionId} and remote_jid in ${lids}`),
    // the number's own row, if any, stands
    db.run(
      sql`update or ignore ai_reply_chats set chat_jid = ${numberOf(sql`ai_reply_chats.chat_jid`)} where session_id = ${sessionId} and chat_jid in ${lids}`,
    ),
  ];
}
