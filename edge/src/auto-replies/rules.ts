// A session's auto-reply rules as the edge reads and writes them, and the word to the session's
// host that they changed (it keeps them in memory, so incoming messages cost no rule read).
import { and, asc, eq, sql } from 'drizzle-orm';
import { type AutoReplyContent, type AutoReplyRule, type AutoReplyRuleInput, MAX_AUTO_REPLY_RULES } from '../../../shared/src/api/auto-replies.js';
import { autoReplyRules } from '../../../shared/src/db/schema.js';
import type { Db } from '../db/client.js';
import { ApiError } from '../errors.js';
import type { SessionHosts } from '../host/host-client.js';
import type { Deps } from '../deps.js';
import { itemProblems } from '../messages/item-checks.js';
import type { OutgoingMessage } from '../../../shared/src/api/messages.js';

export type RuleRow = typeof autoReplyRules.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

export function ruleView(row: RuleRow): AutoReplyRule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    priority: row.priority,
    match: row.matchKind as AutoReplyRule['match'],
    pattern: row.pattern,
    caseSensitive: row.caseSensitive,
    reply: JSON.parse(row.reply) as Record<string, unknown>,
    groups: row.inGroups,
    timeWindow: row.timeWindow,
    timeZone: row.timeZone,
    cooldownSeconds: row.cooldownSeconds,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The columns of a validated rule. */
export function ruleColumns(rule: AutoReplyRuleInput) {
  return {
    name: rule.name,
    enabled: rule.enabled,
    priority: rule.priority,
    matchKind: rule.match,
    pattern: rule.pattern,
    caseSensitive: rule.caseSensitive,
    reply: JSON.stringify(rule.reply),
    inGroups: rule.groups,
    timeWindow: rule.timeWindow,
    timeZone: rule.timeZone,
    cooldownSeconds: rule.cooldownSeconds,
  };
}

/** A rule as the API's input shape, for merging a PATCH into it. */
export function ruleInput(row: RuleRow): AutoReplyRuleInput {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = ruleView(row);
  return rest as AutoReplyRuleInput;
}

export function listRules(db: Db, sessionId: string): Promise<RuleRow[]> {
  return db.select().from(autoReplyRules).where(eq(autoReplyRules.sessionId, sessionId)).orderBy(asc(autoReplyRules.priority), asc(autoReplyRules.id));
}

export async function requireRule(db: Db, sessionId: string, ruleId: number): Promise<RuleRow> {
  const [row] = await db
    .select()
    .from(autoReplyRules)
    .where(and(eq(autoReplyRules.sessionId, sessionId), eq(autoReplyRules.id, ruleId)));
  if (!row) throw new ApiError(404, `Auto-reply rule ${ruleId} of session ${sessionId} not found.`);
  return row;
}

/** Adds a rule unless the session has the most allowed: count and insert are one statement, so
 * two requests at once cannot pass the limit together. */
export async function addRule(db: Db, sessionId: string, rule: AutoReplyRuleInput, now: number): Promise<RuleRow> {
  const c = ruleColumns(rule);
  const rows = await db.all<{ id: number }>(sql`insert into auto_reply_rules (session_id, name, enabled, priority, match_kind, pattern,
      case_sensitive, reply, in_groups, time_window, time_zone, cooldown_seconds, created_at, updated_at)
    select ${sessionId}, ${c.name}, ${c.enabled ? 1 : 0}, ${c.priority}, ${c.matchKind}, ${c.pattern}, ${c.caseSensitive ? 1 : 0}, ${c.reply},
      ${c.inGroups ? 1 : 0}, ${c.timeWindow}, ${c.timeZone}, ${c.cooldownSeconds}, ${now}, ${now}
    where (select count(*) from auto_reply_rules where session_id = ${sessionId}) < ${MAX_AUTO_REPLY_RULES}
    returning id`);
  const id = rows[0]?.id;
  if (id === undefined) {
    const message = `Session ${sessionId} already has ${MAX_AUTO_REPLY_RULES} auto-reply rules, the most allowed: delete one before adding another.`;
    throw new ApiError(400, message, [{ path: 'rules', message }]);
  }
  return { id: Number(id), sessionId, ...c, createdAt: now, updatedAt: now };
}

/** A reply's uploaded media must exist, be the session's to send and fit its type, as for POST /messages: 400 naming the field. */
export async function requireSendableReply(deps: Deps, sessionId: string, reply: AutoReplyContent): Promise<void> {
  const item = { recipient_type: 'individual', to: '0', ...reply } as OutgoingMessage;
  const problem = (await itemProblems(deps, sessionId, [{ index: 0, item }])).get(0);
  if (problem) {
    const message = `reply.${problem}`;
    throw new ApiError(400, message, [{ path: `reply.${reply.type}.id`, message }]);
  }
}

/** The session's host reads the rules again. A host that is down reads them when it starts the session. */
export async function rulesChanged(host: SessionHosts, sessionId: string): Promise<void> {
  await host.command(sessionId, 'auto-replies', { action: 'reload' }).catch(() => undefined);
}
