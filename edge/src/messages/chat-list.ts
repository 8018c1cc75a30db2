// A session's chats, newest activity first: a page of the `chats` table by its
// (session_id, last_message_id) index, then for those chats only the latest message, the contact's
// identity (a group's subject) and the unread count, in one query.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** Received rows that are not messages of their own in a chat list: edits, deletions, reactions and votes. */
const NOT_UNREAD = ['protocolMessage', 'reactionMessage', 'pollUpdateMessage'];

export interface ChatRow {
  remoteJid: string;
  lastId: number;
  waMessageId: string;
  direction: 'out' | 'in';
  type: string;
  payload: string;
  status: string;
  createdAt: number;
  phone: string | null;
  pushName: string | null;
  /** A group's subject, when known. */
  subject: string | null;
  unread: number;
}

/** Chats whose latest message is below `beforeId` (all when null), at most `limit`, newest first. */
export function chatPage(db: Db, sessionId: string, limit: number, beforeId: number | null): Promise<ChatRow[]> {
  const below = beforeId === null ? sql`` : sql`and c.last_message_id < ${beforeId}`;
  const notUnread = sql.join(
    NOT_UNREAD.map((type) => sql`${type}`),
    sql`, `,
  );
  return db.all<ChatRow>(sql`
    with page as (
      select remote_jid, last_message_id, last_read_id from chats c
      where c.session_id = ${sessionId} ${below}
      order by c.last_message_id desc limit ${limit}
    )
    select page.remote_jid as remoteJid, page.last_message_id as lastId, m.wa_message_id as waMessageId, m.direction, m.type,
      m.payload, m.status, m.created_at as createdAt,
      coalesce(byPhone.phone, byLid.phone) as phone, coalesce(byPhone.push_name, byLid.push_name) as pushName,
      g.subject as subject,
      (select count(*) from messages u
        where u.session_id = ${sessionId} and u.remote_jid = page.remote_jid and u.id > page.last_read_id
          and u.direction = 'in' and u.type not in (${notUnread})) as unread
    from page
    join messages m on m.id = page.last_message_id
    left join contact_identities byPhone on byPhone.session_id = ${sessionId} and page.remote_jid like '%@s.whatsapp.net'
      and byPhone.phone = substr(page.remote_jid, 1, instr(page.remote_jid, '@') - 1)
    left join contact_identities byLid on byLid.session_id = ${sessionId} and page.remote_jid like '%@lid'
      and byLid.lid = substr(page.remote_jid, 1, instr(page.remote_jid, '@') - 1)
    left join group_subjects g on g.session_id = ${sessionId} and g.group_jid = page.remote_jid
    order by page.last_message_id desc`);
}

/** Moves the chat's read mark up to the latest of these received messages (never back). */
export function markChatRead(db: Db, sessionId: string, chat: string, waMessageIds: string[]) {
  const ids = sql.join(
    waMessageIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return db.run(sql`
    update chats set last_read_id = max(last_read_id, coalesce((select max(id) from messages
      where session_id = ${sessionId} and remote_jid = ${chat} and direction = 'in' and wa_message_id in (${ids})), 0))
    where session_id = ${sessionId} and remote_jid = ${chat}`);
}
