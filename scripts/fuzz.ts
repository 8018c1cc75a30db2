// `npm run fuzz [-- --count 10000 --seed 7 --concurrency 4 --minutes 10 --strict]`: the stack of
// the tests (libSQL, S3, a session host, the built worker in workerd, all on loopback) under
// thousands of generated bad requests (test-support/security/bad-input.ts, the generator of
// e2e/security/bad-input.test.ts). Prints counts by status class and by operation and every kind
// of failure with a request to replay; exits 1 on any 5xx, dropped connection or failed health
// check (with --strict also on any other broken rule). Stops by itself at --count or --minutes.
import { parseArgs } from 'node:util';
import { buildEdge } from './build-edge.js';
import { anonymousCases, oddPathCases, oversizeCases, propertyCases, randomCases, type FuzzCase } from '../test-support/security/bad-input.js';
import { describeFailure, healthProblems, isFatal, runCases, type Failure } from '../test-support/security/fuzz-run.js';
import { createRng } from '../test-support/security/prng.js';
import { createWorld } from '../test-support/security/world.js';
import { startTestStack } from '../test-support/stack.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: process.env.FUZZ_COUNT ?? '10000' },
    seed: { type: 'string', default: process.env.FUZZ_SEED ?? String(Date.now() % 1_000_000) },
    concurrency: { type: 'string', default: process.env.FUZZ_CONCURRENCY ?? '4' },
    minutes: { type: 'string', default: process.env.FUZZ_MINUTES ?? '15' },
    show: { type: 'string', default: '5' },
    strict: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const show = Number(values.show);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

console.log(`fuzz: seed ${seed}, ${count} random cases plus the fixed sweeps, at most ${values.minutes} min (replay with --seed ${seed})`);
buildEdge();
const stack = await startTestStack({ edge: { port: 0 } });
const watchdog = setTimeout(
  () => {
    console.error('fuzz: still running a minute past its time budget; giving up');
    process.exit(2);
  },
  (Number(values.minutes) + 1) * 60_000,
);
let exitCode = 0;
try {
  const world = await createWorld(stack);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(world.base.hostname)) throw new Error(`refusing to fuzz ${world.base.host}: loopback only`);
  const rng = createRng(seed);
  function* all(): Generator<FuzzCase> {
    yield* propertyCases(world, rng.fork('properties'));
    yield* oddPathCases(world);
    yield* oversizeCases(world, rng.fork('oversize'));
    yield* anonymousCases(world, rng.fork('anonymous'));
    yield* randomCases(world, rng.fork('random'), count);
  }
  const report = await runCases(world, all(), {
    concurrency: Number(values.concurrency),
    deadline: Date.now() + Number(values.minutes) * 60_000,
    onResult: (_c, _r, done) => done % 1000 === 0 && console.log(`  ${done} sent`),
  });
  const health = await healthProblems(world);

  console.log(`\n${report.total} requests in ${(report.ms / 1000).toFixed(1)} s${report.skipped ? `, ${report.skipped} not sent (time budget)` : ''}`);
  console.log(
    'by status class:',
    Object.entries(report.byClass)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  );
  console.log('by operation:');
  for (const [op, statuses] of Object.entries(report.byOp).sort())
    console.log(
      `  ${op.padEnd(44)} ${Object.entries(statuses)
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );

  const fatal = report.failures.filter(isFatal);
  const other = report.failures.filter((f) => !fatal.includes(f));
  printGroups('5xx or dropped connections', fatal, world);
  printGroups('other broken rules (wrong status for the case, 4xx without the JSON error body)', other, world);
  if (health.length) console.log(`\nhealth check after the run failed:\n  ${health.join('\n  ')}`);
  exitCode = fatal.length || health.length || (values.strict && other.length) ? 1 : 0;
  console.log(`\nfuzz: ${fatal.length} fatal, ${other.length} other, health ${health.length ? 'FAILED' : 'ok'} → exit ${exitCode}`);
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await stack.close();
}
process.exit(exitCode);

/** Failures grouped by operation, kind and first problem: the count and `show` reproducers each. */
function printGroups(title: string, failures: Failure[], world: Parameters<typeof describeFailure>[0]) {
  if (!failures.length) return;
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const key = `${f.fuzzCase.op} [${f.fuzzCase.kind}] → ${f.result.dropped ? 'dropped' : f.result.status}: ${f.problems[0]!.split(':')[0]}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  console.log(`\n${title}: ${failures.length} in ${groups.size} group(s)`);
  for (const [key, list] of groups) {
    console.log(`\n× ${list.length}  ${key}`);
    for (const f of list.slice(0, show)) console.log(describeFailure(world, f).replace(/^/gm, '    '));
  }
}
