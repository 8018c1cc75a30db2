// The bad-input generator shared by e2e/security/bad-input.test.ts (a few hundred requests) and
// `npm run fuzz` (thousands): every operation of the OpenAPI document, plus the original's paths
// and paths outside the document, under no credential, session A's token and the master key.
import { MAX_JSON_BODY_BYTES } from '../../edge/src/routes/caller.js';
import { MAX_CSV_BYTES } from '../../edge/src/routes/recipient-lists/schema.js';
import type { HttpRequest } from './http-probe.js';
import { JSON_MUTATIONS, oddCredential, PATH_MUTATIONS, TRANSPORT_MUTATIONS, type Mutation, type MutationInput } from './mutations.js';
import { nestedArrays, ODD_FIXED_PATHS, ODD_PATH_PREFIXES, ODD_SEGMENTS, ODD_WHOLE_BODIES, TYPED_VALUES } from './odd-values.js';
import type { Operation } from './openapi-ops.js';
import type { Rng } from './prng.js';
import { validBody, validRequest, type Party } from './valid-requests.js';
import { nextClientIp, type World } from './world.js';

export type FuzzCredential = 'none' | 'tokenA' | 'master';
export const FUZZ_CREDENTIALS: readonly FuzzCredential[] = ['none', 'tokenA', 'master'];

export interface FuzzCase {
  /** The operation's key, or `raw` for a path outside the document. */
  op: string;
  kind: string;
  cred: FuzzCredential;
  request: HttpRequest;
  /** Statuses this case must get, on top of the rules for every answer (no 5xx, JSON errors). */
  expect?: number[];
  /** 5xx statuses the operation documents (503: the session host cannot do it now). */
  documented5xx?: number[];
}

/** Operations whose well-formed request would delete what it names: aimed at ids that do not
 * exist, so a run never removes the sessions and resources the rest of it stands on. */
const CONSUMING = new Set([
  'DELETE /sessions/{sessionId}',
  'DELETE /webhook',
  'DELETE /sessions/{sessionId}/webhooks/{webhookId}',
  'DELETE /sessions/{sessionId}/auto-replies/{ruleId}',
  'DELETE /recipient-lists/{listId}',
  'DELETE /campaigns/{campaignId}',
]);
/** The original's paths of documented operations, fuzzed like operations of their own. */
const ALIASES: Record<string, string> = {
  'POST /legacy/send-message': '/api/send-message',
  'POST /legacy/message': '/api/message',
  'GET /media/{mediaId}': '/media/{mediaId}',
};
const BODY_KINDS = new Set([...Object.keys(JSON_MUTATIONS), ...Object.keys(TRANSPORT_MUTATIONS), 'oversize']);

/** Relative weights of the kinds in the random mix (the oversized bodies are rare: they are slow). */
const WEIGHTS: [string, number, Mutation][] = [
  ...Object.entries(JSON_MUTATIONS).map(([k, f]): [string, number, Mutation] => [k, 3, f]),
  ...Object.entries(TRANSPORT_MUTATIONS).map(([k, f]): [string, number, Mutation] => [k, 3, f]),
  ...Object.entries(PATH_MUTATIONS).map(([k, f]): [string, number, Mutation] => [k, 3, f]),
  ['oddCredential', 2, oddCredential],
  ['oversize', 0.2, oversize],
];

/** The entry of WEIGHTS that a roll in [0, total) lands on. */
function weighted(roll: number): [string, number, Mutation] {
  for (const entry of WEIGHTS) {
    roll -= entry[1];
    if (roll < 0) return entry;
  }
  return WEIGHTS[0]!;
}

/** The document's operations, then their aliases outside /api/v1. */
export function fuzzOperations(world: World): Operation[] {
  const aliases = world.ops.filter((op) => ALIASES[op.key]).map((op) => ({ ...op, key: `${op.method} ${ALIASES[op.key]}`, fullPath: ALIASES[op.key]! }));
  return [...world.ops, ...aliases];
}

function targetOf(world: World, op: Operation): Party {
  return CONSUMING.has(op.key)
    ? { ...world.a, sessionId: 'fuzz-ghost-session', listId: 'list_1_aaaaaa', campaignId: 'campaign_1_aaaaaa', webhookId: '999999999', ruleId: '999999999' }
    : world.a;
}

/** The well-formed request under a credential; a client address that is sometimes shared, so the
 * rate limits are exercised as well as the handlers behind them. */
export function baseRequest(world: World, op: Operation, cred: FuzzCredential, rng: Rng): { request: HttpRequest; input: MutationInput } {
  const target = targetOf(world, op);
  const request = validRequest(op, target);
  // Creating a session that exists (409) keeps a long run from filling the host with sessions.
  const value = op.key === 'POST /sessions' ? { sessionId: world.a.sessionId } : op.body ? validBody(op, target) : undefined;
  if (op.key === 'POST /sessions') request.body = JSON.stringify(value);
  request.headers = {
    ...request.headers,
    ...world.credential(cred),
    'cf-connecting-ip': rng.chance(0.3) ? '203.0.113.250' : nextClientIp(),
    ...(rng.chance(0.5) ? { origin: world.origin } : {}),
  };
  return { request, input: { op, target, base: request, value, rng } };
}

/** What a case must answer besides "no 5xx": a wrong credential is 401 on /api; so is a spoiled
 * body without any credential on an operation that needs one (authentication comes first). */
function expectationOf(op: Operation, kind: string, cred: FuzzCredential): number[] | undefined {
  const api = op.fullPath.startsWith('/api/');
  if (kind === 'oddCredential') return api ? [401] : undefined;
  // Refusing the caller before reading the body is as good as 413.
  if (kind === 'oversize')
    return [...(cred === 'none' && op.secured ? [401] : []), ...(cred === 'tokenA' && op.secured && !op.schemes.includes('bearerAuth') ? [403] : []), 413];
  if (cred === 'none' && op.secured && api && BODY_KINDS.has(kind)) return [401];
  return undefined;
}

/** JSON bodies are capped at 1 MB, except where recipients come inline: the CSV import's cap. */
const JSON_BODY_CAPS: Record<string, number> = {
  'POST /recipient-lists': MAX_CSV_BYTES,
  'PUT /recipient-lists/{listId}': MAX_CSV_BYTES,
  'POST /campaigns': MAX_CSV_BYTES,
};

/** A JSON body 100 KB over the operation's cap. */
function oversize(m: MutationInput): HttpRequest | null {
  if (m.op.body?.contentTypes[0] !== 'application/json') return null;
  const padding = 'x'.repeat((JSON_BODY_CAPS[m.op.key] ?? MAX_JSON_BODY_BYTES) + 100_000);
  const value = m.value && typeof m.value === 'object' && !Array.isArray(m.value) ? { ...m.value, padding } : [padding];
  return { ...m.base, headers: { ...m.base.headers, 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

function mutate(world: World, op: Operation, kind: string, mutation: Mutation, cred: FuzzCredential, rng: Rng): FuzzCase | null {
  const { input } = baseRequest(world, op, cred, rng);
  const request = mutation(input);
  if (!request) return null;
  const expect = expectationOf(op, kind, cred);
  return { op: op.key, kind, cred, request, ...(expect ? { expect } : {}), documented5xx: op.responses.filter((s) => s >= 500) };
}

/** `count` cases: the operations in turn (and every so often a path outside the document), each
 * with a kind drawn by weight among those that apply to it and a random credential. */
export function* randomCases(world: World, rng: Rng, count: number): Generator<FuzzCase> {
  const ops = fuzzOperations(world);
  const total = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  for (let i = 0; i < count; i++) {
    const cred = rng.pick(FUZZ_CREDENTIALS);
    const op = ops[i % (ops.length + 1)];
    if (!op) {
      yield oddPathCase(world, cred, randomOddPath(rng), rng.chance(0.4));
      continue;
    }
    for (let attempt = 0; ; attempt++) {
      const [kind, , mutation] = weighted(rng.next() * total);
      const made =
        mutate(world, op, kind, mutation, cred, rng) ?? (attempt > 20 ? mutate(world, op, 'wrongMethod', PATH_MUTATIONS.wrongMethod!, cred, rng) : null);
      if (made) {
        yield made;
        break;
      }
    }
  }
}

/** A path outside the document (dashboard assets, /media, legacy, prototype names), GET or POST. */
function oddPathCase(world: World, cred: FuzzCredential, path: string, post: boolean): FuzzCase {
  const headers = {
    ...world.credential(cred),
    'cf-connecting-ip': nextClientIp(),
    ...(post ? { 'content-type': 'application/json', origin: world.origin } : {}),
  };
  return {
    op: 'raw',
    kind: 'oddPath',
    cred,
    request: { method: post ? 'POST' : 'GET', path, headers, ...(post ? { body: '{"sessionId":"__proto__","number":"6281234567890","message":"x"}' } : {}) },
  };
}

const randomOddPath = (rng: Rng) => (rng.chance(0.3) ? rng.pick(ODD_FIXED_PATHS) : rng.pick(ODD_PATH_PREFIXES) + rng.pick(ODD_SEGMENTS));

/** Every JSON operation, field by field: each property of its body with a value of a wrong type
 * (the types taking turns), as a 20,000-deep array and (text fields) as 100 KB of text; each
 * required one left out; each wrong whole body. A's token and the master key take turns. */
export function propertyCases(world: World, rng: Rng): FuzzCase[] {
  const cases: (FuzzCase | null)[] = [];
  let n = 0;
  const json = (m: MutationInput, body: string): HttpRequest => ({ ...m.base, headers: { ...m.base.headers, 'content-type': 'application/json' }, body });
  // Authorized callers: without a credential the body is never read (anonymousCases proves that).
  const AUTHORIZED = ['tokenA', 'master'] as const;
  for (const op of fuzzOperations(world)) {
    if (op.body?.contentTypes[0] !== 'application/json') continue;
    const sample = validBody(op, targetOf(world, op));
    const keys = sample && typeof sample === 'object' && !Array.isArray(sample) ? Object.keys(sample) : [];
    for (const key of keys) {
      const huge = typeof (sample as Record<string, unknown>)[key] === 'string' ? [JSON.stringify('A'.repeat(100_000))] : [];
      for (const wrong of [JSON.stringify(TYPED_VALUES[n % TYPED_VALUES.length]), nestedArrays(20_000), ...huge]) {
        cases.push(
          mutate(
            world,
            op,
            'wrongType',
            (m) =>
              json(
                m,
                JSON.stringify({ ...(m.value as object), [key]: 0 }).replace(`"${key}":0`, () => `"${key}":${wrong}`),
              ),
            AUTHORIZED[n++ % 2]!,
            rng,
          ),
        );
      }
    }
    for (const key of op.body.schema.required ?? []) {
      cases.push(mutate(world, op, 'missingField', (m) => json(m, JSON.stringify({ ...(m.value as object), [key]: undefined })), AUTHORIZED[n++ % 2]!, rng));
    }
    for (const body of ODD_WHOLE_BODIES) cases.push(mutate(world, op, 'wholeBody', (m) => json(m, body), AUTHORIZED[n++ % 2]!, rng));
  }
  return cases.filter((c): c is FuzzCase => c !== null);
}

/** Every JSON operation with a body over its cap, under each credential: 413. */
export function oversizeCases(world: World, rng: Rng): FuzzCase[] {
  return fuzzOperations(world).flatMap((op) =>
    FUZZ_CREDENTIALS.map((cred) => mutate(world, op, 'oversize', oversize, cred, rng)).filter((c): c is FuzzCase => c !== null),
  );
}

/** Every operation that needs a credential and takes a body, called without one with a body
 * that is malformed, incomplete or of the wrong type: 401, whatever the body. */
export function anonymousCases(world: World, rng: Rng): FuzzCase[] {
  const kinds: [string, Mutation][] = [
    ['brokenJson', TRANSPORT_MUTATIONS.brokenJson!],
    ['contentType', TRANSPORT_MUTATIONS.contentType!],
    ['missingField', (m) => JSON_MUTATIONS.missingField!(m) ?? TRANSPORT_MUTATIONS.brokenMultipart!(m) ?? TRANSPORT_MUTATIONS.brokenCsv!(m)],
  ];
  const ops = fuzzOperations(world).filter((op) => op.secured && op.body && op.fullPath.startsWith('/api/'));
  return ops.flatMap((op) => kinds.map(([kind, f]) => mutate(world, op, kind, f, 'none', rng)).filter((c): c is FuzzCase => c !== null));
}

/** Every fixed odd path under each credential, and a third of the prefix × segment grid
 * (credential and method turning with it). */
export function oddPathCases(world: World): FuzzCase[] {
  const fixed = ODD_FIXED_PATHS.flatMap((path) => FUZZ_CREDENTIALS.map((cred) => oddPathCase(world, cred, path, false)));
  const grid = ODD_SEGMENTS.flatMap((segment, s) =>
    ODD_PATH_PREFIXES.flatMap((prefix, p) => ((s + p) % 3 === 0 ? [oddPathCase(world, FUZZ_CREDENTIALS[s % 3]!, prefix + segment, p % 2 === 1)] : [])),
  );
  return [...fixed, ...grid];
}
