import { eq, sql } from 'drizzle-orm';
import { newWaMessageId, toJid, type OutgoingMessage } from '../../../shared/src/api/messages.js';
import { idempotencyKeys, messages, sessions } from '../../../shared/src/db/schema.js';
import { sha256Hex } from '../../../shared/src/crypto.js';
import type { SQLiteInsertValue } from 'drizzle-orm/sqlite-core';
import type { Principal } from '../auth/principal.js';
import { identitiesLookup, type KnownIds } from '../contacts/known-identities.js';
import type { Deps } from '../deps.js';
import { ApiError } from '../errors.js';
import { findIdempotent } from './idempotency.js';
import { itemProblems } from './item-checks.js';
import { effectiveCountry } from '../phone/default-country.js';

export type MessageResult =
  | {
      status: 'success';
      message: string;
      messageId: string;
      index: number;
      to: string;
      messageStatus: 'queued';
      /** the recipient's phone and LID as far as the session knows them (individual recipients) */
      phone?: string | null;
      lid?: string | null;
    }
  | { status: 'error'; message: string; index: number };

/** The session token a write checks again in its own batch (a principal recalled from
 * SessionTokenCache): the session row must still have this token, be CONNECTED and read numbers
 * in the same default country as when the token was remembered. */
export interface TokenRecheck {
  tokenHash: string;
  defaultCountry: string | null;
}

/** The recheck failed: nothing was written; the caller reads the token afresh and starts over. */
export class StaleSessionToken extends Error {
  constructor() {
    super('The remembered session token no longer matches its session.');
  }
}

export type ValidatedItem = { index: number; ok: true; item: OutgoingMessage } | { index: number; ok: false; message: string };

/** COMPAT: a session that is unknown or not connected is a 404 with the original's words. The
 * session's own token already read its status; other callers cost one query. Answers the country
 * its national-format numbers are read in. */
export async function requireConnectedSession(deps: Deps, sessionId: string, principal: Principal | null): Promise<{ defaultCountry: string | undefined }> {
  const own = principal?.kind === 'session' && principal.sessionId === sessionId && principal.status !== undefined ? principal : undefined;
  const row =
    own ?? (await deps.db.select({ status: sessions.status, defaultCountry: sessions.defaultCountry }).from(sessions).where(eq(sessions.id, sessionId)))[0];
  if (row?.status !== 'CONNECTED') throw new ApiError(404, `Session ${sessionId} not found or not connected.`);
  return { defaultCountry: effectiveCountry(deps, row.defaultCountry) };
}

/** Writes every valid message (with its WhatsApp id, status `queued`) in one batch before the
 * answer, then wakes the session's owner. With an Idempotency-Key the first answer is stored in
 * the same batch and replayed for a retry of the same request. With a `recheck`, each row's
 * session id is read in the insert itself from the session row only while the token still
 * belongs to it: otherwise the NOT NULL session id fails the batch, nothing is written, and
 * StaleSessionToken is thrown. */
export async function enqueueMessages(
  deps: Deps,
  sessionId: string,
  items: ValidatedItem[],
  options: { idempotency?: { key: string; requestBody: string }; waitUntil?: (work: Promise<unknown>) => void; recheck?: TokenRecheck } = {},
): Promise<MessageResult[]> {
  const { idempotency, waitUntil = () => undefined, recheck } = options;
  // A stored answer is replayed before any write, so only a token read afresh may see one.
  if (recheck && idempotency) throw new StaleSessionToken();
  const { db, clock } = deps;
  const requestHash = idempotency ? await sha256Hex(idempotency.requestBody) : '';
  if (idempotency) {
    const replay = await findIdempotent<MessageResult[]>(deps, sessionId, idempotency.key, requestHash);
    if (replay) return replay;
  }
  const problems = await itemProblems(
    deps,
    sessionId,
    items.flatMap((entry) => (entry.ok ? [entry] : [])),
  );
  const lookup = identitiesLookup(
    db,
    sessionId,
    items.flatMap((entry) => (entry.ok && entry.item.recipient_type === 'individual' ? [entry.item.to] : [])),
  );
  const now = clock();
  const rowSessionId = recheck
    ? sql`(select ${sessions.id} from ${sessions} where ${sessions.id} = ${sessionId} and ${sessions.tokenHash} = ${recheck.tokenHash} and ${sessions.status} = 'CONNECTED' and ${sessions.defaultCountry} is ${recheck.defaultCountry})`
    : sessionId;
  const rows: SQLiteInsertValue<typeof messages>[] = [];
  const accepted: { result: MessageResult & { status: 'success' }; to: string }[] = [];
  const results: MessageResult[] = items.map((entry) => {
    if (!entry.ok) return { status: 'error', message: entry.message, index: entry.index };
    const problem = problems.get(entry.index);
    if (problem) return { status: 'error', message: problem, index: entry.index };
    const waMessageId = newWaMessageId();
    const { to } = entry.item;
    rows.push({
      sessionId: rowSessionId,
      waMessageId,
      direction: 'out',
      remoteJid: toJid(to, entry.item.recipient_type),
      type: entry.item.type,
      payload: JSON.stringify(entry.item),
      status: 'queued',
      createdAt: now,
      updatedAt: now,
    });
    const result = { status: 'success', message: `Message sent to ${to}`, messageId: waMessageId, index: entry.index, to, messageStatus: 'queued' } as const;
    accepted.push({ result, to });
    return result;
  });
  const attachIds = (known: Map<string, KnownIds>) => {
    for (const { result, to } of accepted) Object.assign(result, known.get(to));
  };
  // Nothing to write, nothing that checks the token: only a token read afresh gets these answers.
  if (recheck && rows.length === 0) throw new StaleSessionToken();
  const idsQuery = rows.length > 0 ? lookup.query : undefined;
  // The answer stored for an Idempotency-Key needs the recipients' ids before the write; otherwise
  // they are read in the write's own batch: one round trip for the whole request.
  const idsInBatch = idsQuery !== undefined && !idempotency;
  if (idsQuery && !idsInBatch) attachIds(lookup.read(await idsQuery));
  const statements = [];
  if (rows.length > 0) statements.push(db.insert(messages).values(rows));
  if (idempotency)
    statements.push(db.insert(idempotencyKeys).values({ sessionId, key: idempotency.key, requestHash, response: JSON.stringify(results), createdAt: now }));
  if (idsInBatch) statements.push(idsQuery);
  if (statements.length > 0) {
    try {
      const written = await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
      if (idsInBatch) attachIds(lookup.read(written[written.length - 1] as { phone: string | null; lid: string | null }[]));
    } catch (err) {
      // A concurrent retry with the same key won the race: answer what it answered.
      const replay = idempotency && (await findIdempotent<MessageResult[]>(deps, sessionId, idempotency.key, requestHash));
      if (replay) return replay;
      if (recheck) throw new StaleSessionToken();
      throw err;
    }
  }
  if (rows.length > 0) waitUntil(deps.host.kick(sessionId).catch(() => undefined));
  return results;
}
