// Campaign runner benchmark, on loopback only (the whole gateway with the WhatsApp simulator):
//   1. cold drain: a campaign of BENCH_RECIPIENTS (default 10,000) distinct numbers, zero delay,
//      from POST /start to `completed`. Every recipient is a contact the account never wrote to,
//      so each send also looks the number up and opens a Signal session (like a real campaign);
//      the simulator's contacts are created ahead of the runner, since each costs ~30 ms of keys.
//      Bounded by BENCH_DRAIN_BUDGET_MS (default 5 min): when the budget runs out the campaign is
//      paused and the projected time for all recipients is printed instead;
//   2. warm drain: up to BENCH_WARM_RECIPIENTS (1,000) of those numbers again (sessions open): the
//      runner + send queue's own ceiling;
//   3. drift: BENCH_DRIFT_RECIPIENTS (20) warm numbers at BENCH_DELAY_MS (200) ms: the gap between
//      consecutive arrivals at the simulator minus the configured delay (mean, p95, max).
// `node --import tsx bench/campaign-drain.ts`; it stops by itself.
import { sql } from 'drizzle-orm';
import { buildEdge } from '../scripts/build-edge.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';

const N = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const DRAIN_BUDGET_MS = Number(process.env.BENCH_DRAIN_BUDGET_MS ?? 5 * 60_000);
const WARM_N = Number(process.env.BENCH_WARM_RECIPIENTS ?? 1000);
const DRIFT_N = Number(process.env.BENCH_DRIFT_RECIPIENTS ?? 20);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 200);
const BASE = 6281000000000;
const AHEAD = Number(process.env.BENCH_CONTACTS_AHEAD ?? 400);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const f = (n: number, digits = 1) => n.toFixed(digits);
const inRange = (to: string, first: number, count: number) => Number(to) >= first && Number(to) < first + count;

type Phase = { ms: number; status: string; settled: number };

async function runCampaign(
  gw: Gateway,
  token: string,
  name: string,
  numbers: string[],
  delay: number,
  budgetMs: number,
  progress?: (settled: number) => void,
): Promise<Phase> {
  const auth = { authorization: `Bearer ${token}` };
  const recipients = numbers.map((number, i) => ({ number, name: `R${i}` }));
  const body = {
    name,
    sessionId: 'bench',
    message: { type: 'text', content: 'Hello {{Name}}' },
    recipients,
    settings: { delayBetweenMessages: delay, maxRetries: 0 },
  };
  const created = await gw.stack.json('POST', '/api/v1/campaigns', { body, headers: auth });
  if (created.status !== 201) throw new Error(`create campaign: ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`);
  const id = created.body.id as string;
  const started = await gw.stack.json('POST', `/api/v1/campaigns/${id}/start`, { headers: auth });
  if (started.status !== 200) throw new Error(`start: ${started.status}`);
  const t0 = performance.now();
  for (;;) {
    const [row] = await gw.stack.host.db.all<{ status: string; settled: number }>(
      sql`select c.status as status, (select count(*) from campaign_recipients where campaign_id = c.id and status in ('sent', 'failed')) as settled from campaigns c where c.id = ${id}`,
    );
    const settled = Number(row?.settled ?? 0);
    progress?.(settled);
    if (row && row.status !== 'running') return { ms: performance.now() - t0, status: row.status, settled };
    if (performance.now() - t0 > budgetMs) {
      await gw.stack.json('POST', `/api/v1/campaigns/${id}/pause`, { headers: auth });
      return { ms: performance.now() - t0, status: 'budget spent (paused)', settled };
    }
    await sleep(200);
  }
}

function exactlyOnce(gw: Gateway, first: number, count: number) {
  const stanzas = gw.sim.sent().filter((m) => inRange(m.to, first, count));
  const ids = new Map<string, Set<string>>();
  for (const m of stanzas) ids.set(m.to, (ids.get(m.to) ?? new Set()).add(m.id));
  const twoIds = [...ids.values()].filter((set) => set.size > 1).length;
  return `${ids.size} recipients decrypted ${stanzas.length} stanzas (${stanzas.length - ids.size} same-id duplicates), ${twoIds} recipients with two different ids`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** libsignal logs every session it closes (console.info/warn, whole key records) from the host and
 * the simulator alike; thousands of new contacts would bury the figures. */
function quietLibsignal() {
  for (const level of ['info', 'warn'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('Closing ')) return;
      original(...args);
    };
  }
}

async function main() {
  process.env.TEST_LOG_LEVEL ??= 'silent';
  quietLibsignal();
  buildEdge(); // the worker as `wrangler deploy` bundles it, like the stack tests
  const gw = await startGateway({ SEND_RATE_PER_MINUTE: '0' });
  try {
    // A simulated contact costs ~30 ms of key generation, so 10,000 up front would take minutes:
    // contacts are added ahead of the runner instead (AHEAD beyond the settled count), in slices.
    let added = 0;
    const addUpTo = (target: number) => {
      for (; added < Math.min(N, target); added++) gw.sim.addContact(String(BASE + added));
    };
    addUpTo(AHEAD);
    const token = await gw.pairSession('bench', '6280000009999', 'Bench');
    const numbers = Array.from({ length: N }, (_, i) => String(BASE + i));

    console.log(`\nCampaign drain, cold: ${N} distinct new contacts, delayBetweenMessages 0, budget ${f(DRAIN_BUDGET_MS / 1000, 0)} s`);
    let lastLog = Date.now();
    const cold = await runCampaign(gw, token, 'cold', numbers, 0, DRAIN_BUDGET_MS, (settled) => {
      if (added - settled < AHEAD / 2) addUpTo(added + 5);
      if (Date.now() - lastLog < 30_000) return;
      lastLog = Date.now();
      console.log(`  … ${settled}/${N} settled`);
    });
    const coldRate = cold.settled / (cold.ms / 1000);
    console.log(
      `  ${cold.status}: ${cold.settled}/${N} in ${f(cold.ms / 1000, 1)} s → ${f(coldRate)} recipients/s (${f(cold.ms / Math.max(1, cold.settled), 1)} ms each)`,
    );
    if (cold.settled < N) console.log(`  projected for all ${N}: ${f(N / coldRate / 60, 1)} min`);
    console.log(`  ${exactlyOnce(gw, BASE, N)}`);

    const warmCount = Math.min(WARM_N, cold.settled);
    if (warmCount > 0) {
      console.log(`\nCampaign drain, warm: ${warmCount} contacts already written to (Signal sessions open), delay 0`);
      const before = gw.sim.sent().length;
      const warm = await runCampaign(gw, token, 'warm', numbers.slice(0, warmCount), 0, DRAIN_BUDGET_MS);
      const warmRate = warm.settled / (warm.ms / 1000);
      console.log(
        `  ${warm.status}: ${warm.settled}/${warmCount} in ${f(warm.ms / 1000, 1)} s → ${f(warmRate)} recipients/s (${f(warm.ms / Math.max(1, warm.settled), 1)} ms each); ${gw.sim.sent().length - before} stanzas`,
      );
      console.log(`  warm/cold: ${f(warmRate / coldRate, 2)}×`);
    }

    const driftCount = Math.min(DRIFT_N, cold.settled);
    if (driftCount > 1) {
      console.log(`\nDelay drift: ${driftCount} warm contacts at delayBetweenMessages ${DELAY_MS} ms`);
      const since = Date.now();
      const drift = await runCampaign(gw, token, 'drift', numbers.slice(0, driftCount), DELAY_MS, DRAIN_BUDGET_MS);
      const arrivals = gw.sim
        .sent()
        .filter((m) => m.at >= since && inRange(m.to, BASE, driftCount))
        .map((m) => m.at)
        .sort((a, b) => a - b);
      const over = arrivals.slice(1).map((at, i) => at - arrivals[i]! - DELAY_MS);
      const sorted = [...over].sort((a, b) => a - b);
      const mean = over.reduce((a, b) => a + b, 0) / Math.max(1, over.length);
      console.log(
        `  ${drift.status}; ${over.length} gaps, actual − configured: mean ${f(mean)} ms, p95 ${f(percentile(sorted, 95))} ms, min ${f(sorted[0] ?? NaN)} ms, max ${f(sorted.at(-1) ?? NaN)} ms`,
      );
      console.log(
        `  actual/configured: mean ${f((DELAY_MS + mean) / DELAY_MS, 3)}×, p95 ${f((DELAY_MS + percentile(sorted, 95)) / DELAY_MS, 3)}×; whole campaign ${f(drift.ms / 1000, 2)} s for ${f(((driftCount - 1) * DELAY_MS) / 1000, 2)} s of configured delay`,
      );
    }
  } finally {
    await gw.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
