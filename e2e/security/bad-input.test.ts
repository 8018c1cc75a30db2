// Bad input generated from /api/v1/openapi.json: malformed, oversized and odd bodies, paths,
// queries and credentials for every operation (and paths outside the document), under no
// credential, A's token and the master key. Whatever comes in: no 5xx, no dropped connection,
// every 4xx is `{ status: "error", message }` JSON, and the gateway goes on answering.
// BAD_INPUT_SEED and BAD_INPUT_CASES replay or widen the random part (`npm run fuzz` goes further).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousCases, oddPathCases, oversizeCases, propertyCases, randomCases, type FuzzCase } from '../../test-support/security/bad-input.js';
import { describeFailure, healthProblems, runCases } from '../../test-support/security/fuzz-run.js';
import { createRng } from '../../test-support/security/prng.js';
import { createWorld, type World } from '../../test-support/security/world.js';
import { startTestStack, type TestStack } from '../../test-support/stack.js';

const SEED = Number(process.env.BAD_INPUT_SEED ?? 20_240_917);
const RANDOM_CASES = Number(process.env.BAD_INPUT_CASES ?? 200);

let stack: TestStack;
let world: World;
beforeAll(async () => {
  stack = await startTestStack({ edge: { port: 0 } });
  world = await createWorld(stack);
});
afterAll(async () => stack?.close());

/** Sends the cases; the failures (with reproducers) and then the health check must be empty. */
async function expectAllHold(cases: Iterable<FuzzCase>, minimum: number) {
  const report = await runCases(world, cases);
  expect(report.total).toBeGreaterThanOrEqual(minimum);
  expect(report.failures.map((f) => describeFailure(world, f))).toEqual([]);
  expect(await healthProblems(world)).toEqual([]);
}

describe(`bad input (seed ${SEED})`, () => {
  it(`${RANDOM_CASES} random spoiled requests across every operation: no 5xx, no drop, JSON errors`, async () => {
    const cases = [...randomCases(world, createRng(SEED).fork('random'), RANDOM_CASES)];
    // The round robin reaches every documented operation.
    const reached = new Set(cases.map((c) => c.op));
    expect(world.ops.map((op) => op.key).filter((key) => !reached.has(key))).toEqual([]);
    await expectAllHold(cases, RANDOM_CASES);
  });

  it('every property of every JSON body with a wrong type, every required one left out, every wrong whole body: 4xx JSON', async () => {
    await expectAllHold(propertyCases(world, createRng(SEED).fork('properties')), 150);
  });

  it('odd paths, in and outside the API (prototype names, NUL, traversal, bad escapes, 300 characters): no 5xx, JSON errors', async () => {
    await expectAllHold(oddPathCases(world), 100);
  });

  it('a JSON body over its cap (1 MB; 8 MB where recipients come inline) is refused with 413 on every JSON operation, under every credential', async () => {
    await expectAllHold(oversizeCases(world, createRng(SEED).fork('oversize')), 30);
  });

  it('without a credential, an operation that needs one answers 401 whatever the body (authentication before validation)', async () => {
    await expectAllHold(anonymousCases(world, createRng(SEED).fork('anonymous')), 40);
  });

  it('identical requests at the same moment are each answered on their own (none refused as a replay of another)', async () => {
    // Identical commands for the session host, concurrently: workerd's clock stands still within
    // a request, so their signed internal calls may carry the same timestamp and body.
    const body = JSON.stringify({ sessionId: world.a.sessionId, remoteJid: '6281234567890@s.whatsapp.net', messageId: '3EB0D8E8D8F9A7B6' });
    const request = { method: 'DELETE', path: '/api/v1/message', headers: { ...world.credential('master'), 'content-type': 'application/json' }, body };
    const statuses = (await Promise.all(Array.from({ length: 8 }, () => world.call(request)))).map((r) => r.status);
    expect(statuses).toEqual(Array(8).fill(503));
  });
});
