// Sends generated cases with a few requests in flight, judges every answer and counts them; the
// bad-input test asserts on the failures, `npm run fuzz` prints the counts and reproducers.
import type { FuzzCase } from './bad-input.js';
import { answerProblems, reproducer, type HttpResult } from './http-probe.js';
import type { World } from './world.js';

export interface Failure {
  fuzzCase: FuzzCase;
  result: HttpResult;
  problems: string[];
}

export interface RunReport {
  total: number;
  /** `2xx`, `4xx`, `5xx`, `dropped`… → count. */
  byClass: Record<string, number>;
  /** Operation → status → count. */
  byOp: Record<string, Record<string, number>>;
  failures: Failure[];
  /** Cases not sent because the time budget ran out. */
  skipped: number;
  ms: number;
}

export const statusClass = (result: HttpResult) => (result.dropped ? 'dropped' : `${Math.floor(result.status / 100)}xx`);

const isReset = (result: HttpResult) => result.dropped === 'ECONNRESET' || result.dropped === 'EPIPE';

/** A 5xx the gateway should never give (dropped connections included). */
export const isFatal = (f: Failure) => Boolean(f.result.dropped) || (f.result.status >= 500 && !f.fuzzCase.documented5xx?.includes(f.result.status));

/** Everything wrong with one answer to one case. */
export function judge(fuzzCase: FuzzCase, result: HttpResult): string[] {
  // A body over the cap may be refused by closing the connection while it is still being sent
  // (RFC 9110 §15.5.14 allows it); the 413 already on its way can then be lost to the reset.
  if (fuzzCase.kind === 'oversize' && isReset(result)) return [];
  const problems = answerProblems(result, fuzzCase.documented5xx);
  if (!result.dropped && fuzzCase.expect && !fuzzCase.expect.includes(result.status)) {
    problems.push(`expected ${fuzzCase.expect.join(' or ')}, got ${result.status}: ${result.text.slice(0, 160)}`);
  }
  return problems;
}

export async function runCases(
  world: World,
  cases: Iterable<FuzzCase>,
  options: { concurrency?: number; deadline?: number; onResult?: (c: FuzzCase, r: HttpResult, done: number) => void } = {},
): Promise<RunReport> {
  const started = Date.now();
  const report: RunReport = { total: 0, byClass: {}, byOp: {}, failures: [], skipped: 0, ms: 0 };
  const iterator = cases[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const fuzzCase = next.value;
      if (options.deadline !== undefined && Date.now() > options.deadline) {
        report.skipped++;
        continue;
      }
      const result = await world.call(fuzzCase.request);
      report.total++;
      const cls = statusClass(result);
      report.byClass[cls] = (report.byClass[cls] ?? 0) + 1;
      report.byOp[fuzzCase.op] ??= {};
      const perOp = report.byOp[fuzzCase.op]!;
      const status = result.dropped ? 'dropped' : String(result.status);
      perOp[status] = (perOp[status] ?? 0) + 1;
      const problems = judge(fuzzCase, result);
      if (problems.length) report.failures.push({ fuzzCase, result, problems });
      options.onResult?.(fuzzCase, result, report.total);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  report.ms = Date.now() - started;
  return report;
}

/** A failure as a person reads it: which case, what went wrong, and the request to replay. */
export function describeFailure(world: World, failure: Failure): string {
  const { fuzzCase, problems } = failure;
  return `${fuzzCase.op} [${fuzzCase.kind}, ${fuzzCase.cred}]: ${problems.join('; ')}\n${reproducer(world.base, fuzzCase.request)}`;
}

/** The gateway still does ordinary work: the master key lists sessions, A's token still works. */
export async function healthProblems(world: World): Promise<string[]> {
  const list = await world.call({ method: 'GET', path: '/api/v1/sessions', headers: world.credential('master') });
  const me = await world.call({ method: 'GET', path: '/api/v1/auth/me', headers: world.credential('tokenA') });
  return [
    ...(list.status === 200 && Array.isArray(list.json) ? [] : [`GET /api/v1/sessions with the master key: ${list.status} ${list.dropped ?? ''}`]),
    ...(me.status === 200 ? [] : [`GET /api/v1/auth/me with A's token: ${me.status} ${me.dropped ?? ''}`]),
  ];
}
