import { sql } from 'drizzle-orm';

export interface ComparisonRow {
  id: string;
  name: string;
  session_id: string;
  status: string;
  started_at: number | null;
  completed_at: number | null;
  recipients: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  /** Sent since `recentSince`. */
  recent: number;
}

/** The newest `limit` campaigns of these sessions (null: every session), then their recipients,
 * each joined to its message through the unique (session_id, wa_message_id) index for its
 * receipts: the cost grows with those campaigns' recipients, not with the messages table. */
export function campaignComparison(options: { sessions: string[] | null; status?: string; limit: number; recentSince: number }) {
  const { sessions, status, limit, recentSince } = options;
  const filters = [sessions ? (sessions.length ? sql`session_id in ${sessions}` : sql`0`) : undefined, status ? sql`status = ${status}` : undefined].filter(
    (f) => f !== undefined,
  );
  const where = filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``;
  return sql`select c.id, c.name, c.session_id, c.status, c.started_at, c.completed_at,
      count(r.id) as recipients, coalesce(sum(r.status = 'sent'), 0) as sent, coalesce(sum(r.status = 'failed'), 0) as failed,
      coalesce(sum(m.status in ('delivered', 'read')), 0) as delivered, coalesce(sum(m.status = 'read'), 0) as read,
      coalesce(sum(r.status = 'sent' and r.sent_at >= ${recentSince}), 0) as recent
    from (select * from campaigns ${where} order by created_at desc, id desc limit ${limit}) as c
    left join campaign_recipients as r on r.campaign_id = c.id
    left join messages as m on m.session_id = c.session_id and m.wa_message_id = r.wa_message_id and m.direction = 'out'
    group by c.id order by c.created_at desc, c.id desc`;
}
