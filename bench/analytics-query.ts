// `node --import tsx bench/analytics-query.ts`: why GET /analytics reads `message_counts` instead of
// grouping `messages`. 100,000 outgoing messages (BENCH_ANALYTICS_MESSAGES) of 10 sessions over the
// last day on the embedded database behind its HTTP endpoint (as the edge reaches it), then:
// the overview's two series as GROUP BY over the messages (with and without an index on sent_at)
// against the same from the counters, what the counter statement adds to a status batch, and
// GET /analytics/campaigns comparing 20 campaigns whose 100,000 recipients are those messages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createHostDb, runMigrations } from '../session-host/src/db/client.js';
import { advanceStatusStatements } from '../session-host/src/events/message-status.js';
import { startLibsqlHttpServer } from '../session-host/src/libsql-http/index.js';
import { campaignComparison } from '../edge/src/routes/analytics/campaigns-sql.js';

const MESSAGES = Number(process.env.BENCH_ANALYTICS_MESSAGES ?? 100_000); // at least 15,000: the receipts use 'sent' rows
const SESSIONS = 10;
const DAY = 24 * 3600_000;
const RUNS = 5;

const dir = mkdtempSync(join(tmpdir(), 'wag-analytics-bench-'));
const server = await startLibsqlHttpServer({ file: join(dir, 'bench.db'), authToken: 'bench' });
const db = createHostDb(server.url, 'bench');
try {
  await runMigrations(db);
  const now = Date.now();
  const statuses = ['sent', 'delivered', 'read', 'read', 'failed'];
  for (let start = 0; start < MESSAGES; start += 2000) {
    const rows = Array.from({ length: Math.min(2000, MESSAGES - start) }, (_, k) => {
      const i = start + k;
      const at = now - Math.floor(((i * 7919) % MESSAGES) * (DAY / MESSAGES));
      const status = statuses[i % statuses.length]!;
      return sql`(${`s${i % SESSIONS}`}, ${`id${i}`}, 'out', ${`62811${i % 997}@s.whatsapp.net`}, 'text', '{}', ${status}, ${at}, ${at}, ${status === 'failed' ? null : at})`;
    });
    await db.run(sql`insert into messages (session_id, wa_message_id, direction, remote_jid, type, payload, status, created_at, updated_at, sent_at)
      values ${sql.join(rows, sql`, `)}`);
  }
  // the counters these messages would have made (hour and minute buckets of each status)
  await db.run(sql`insert into message_counts (session_id, granularity, bucket_start, sent, delivered, read, failed)
    select session_id, g, b, sum(status <> 'failed'), sum(status in ('delivered', 'read')), sum(status = 'read'), sum(status = 'failed')
    from (select session_id, status, 'hour' as g, updated_at - updated_at % 3600000 as b from messages
      union all select session_id, status, 'minute', updated_at - updated_at % 60000 from messages where updated_at >= ${now - 2 * DAY})
    group by session_id, g, b`);

  const time = async (what: string, run: () => Promise<unknown>) => {
    await run();
    const took: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await run();
      took.push(performance.now() - t0);
    }
    took.sort((a, b) => a - b);
    console.log(`  ${what.padEnd(64)} median ${took[RUNS >> 1]!.toFixed(1)} ms`);
  };
  const grouped = (size: number, from: number) =>
    db.all(sql`select sent_at - sent_at % ${size} as bucket, count(*), sum(status in ('delivered', 'read')), sum(status = 'read')
      from messages where direction = 'out' and sent_at >= ${from} group by bucket`);
  const counted = (granularity: string, from: number) =>
    db.all(sql`select bucket_start, sum(sent), sum(delivered), sum(read), sum(failed), sum(received) from message_counts
      where granularity = ${granularity} and bucket_start >= ${from} group by bucket_start`);
  console.log(`${MESSAGES} messages, ${SESSIONS} sessions, over the last day:`);
  await time('GROUP BY messages, per hour over the day', () => grouped(3600_000, now - DAY));
  await time('GROUP BY messages, per minute over the hour', () => grouped(60_000, now - 3600_000));
  await db.run(sql`create index bench_messages_sent_at on messages (sent_at)`);
  await time('… with an index on sent_at, per hour over the day', () => grouped(3600_000, now - DAY));
  await time('… with an index on sent_at, per minute over the hour', () => grouped(60_000, now - 3600_000));
  await db.run(sql`drop index bench_messages_sent_at`);
  await time('message_counts, per hour over the day', () => counted('hour', now - DAY));
  await time('message_counts, per minute over the hour', () => counted('minute', now - 3600_000));

  // 20 campaigns of session s0..s9, their recipients being the messages (every message one recipient)
  await db.run(sql`insert into campaigns (id, session_id, name, status, message, settings, created_at, started_at)
    select 'campaign_' || value, 's' || (value % ${SESSIONS}), 'Campaign ' || value, 'running', '{}', '{}', ${now} + value, ${now - DAY}
    from generate_series(0, 19)`);
  await db.run(sql`insert into campaign_recipients (campaign_id, position, number, status, wa_message_id, sent_at)
    select 'campaign_' || ((id - 1) % 20), id, '62811' || id, case when status = 'failed' then 'failed' else 'sent' end, wa_message_id, sent_at from messages`);
  const comparison = (sessions: string[] | null, limit: number) => db.all(campaignComparison({ sessions, limit, recentSince: now - 5 * 60_000 }));
  console.log(`GET /analytics/campaigns, 20 campaigns, ${MESSAGES} recipients in all:`);
  await time('the 20 compared (every recipient joined to its message)', () => comparison(null, 20));
  await time('one session’s 2 campaigns', () => comparison(['s0'], 20));
  await time('the newest 1', () => comparison(null, 1));

  // a status batch of 300 delivery receipts, as StatementBatcher writes it, with and without the counter statement
  const receipts = (from: number, counted: boolean) =>
    Array.from({ length: 300 }, (_, k) => {
      const i = from + k * 5; // 'sent' rows only
      const statements = advanceStatusStatements(db, `s${i % SESSIONS}`, `id${i}`, 'x@s.whatsapp.net', 'delivered', Date.now());
      return counted ? statements : statements.slice(1);
    }).flat();
  // alternated, so both see the same machine load
  let next = 0;
  const took: Record<string, number[]> = { without: [], with: [] };
  for (let round = 0; round < 2 * RUNS; round++) {
    const counted = round % 2 === 1;
    const [first, ...rest] = receipts(next, counted);
    next += 1500;
    const t0 = performance.now();
    await db.batch([first!, ...rest]);
    took[counted ? 'with' : 'without']!.push(performance.now() - t0);
  }
  for (const [which, runs] of Object.entries(took))
    console.log(`  300 delivery receipts in one batch, ${which} the counter statement: median ${runs.sort((x, y) => x - y)[RUNS >> 1]!.toFixed(1)} ms`);
} finally {
  db.$client.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
