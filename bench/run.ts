// `npm run bench`: the gateway's speed and memory figures, each beside its target and beside the
// original server's figure on this machine (from the project brief), with ratios.
// Loopback only, bounded in count and time; it stops by itself.
import { buildEdge } from '../scripts/build-edge.js';
import { startChildGateway } from '../test-support/child-gateway.js';
import { type LatencyResult, measureAcceptLatency, measureAcceptLatencyWithWrk } from './accept-latency.js';
import { measureIncoming } from './incoming-throughput.js';
import { startProductionEdge } from './production-edge.js';
import { measureAggregateCold, measureCold, measureWarm, type Pair } from './send-throughput.js';
import { measureSessionScale } from './session-scale.js';

const COLD = Number(process.env.BENCH_COLD ?? 200);
const INCOMING = Number(process.env.BENCH_INCOMING ?? 200);
const WARM = Number(process.env.BENCH_WARM ?? 1000);
const AGGREGATE_SESSIONS = Number(process.env.BENCH_AGGREGATE_SESSIONS ?? 10);
const AGGREGATE_EACH = Number(process.env.BENCH_AGGREGATE_EACH ?? 100);
// Open-loop request rates for the accept path (the first also runs with the governor off).
const RATES = (process.env.BENCH_RATES ?? '200,500').split(',').map(Number);
// wrk's closed-loop connection counts: the sustained rate is the best of them.
const WRK_CONNECTIONS = (process.env.BENCH_WRK_CONNECTIONS ?? '1,4,16,64').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Connected sessions in one host for the memory and reconnect figure, seeded this many at a time.
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const SEED_CONCURRENCY = Number(process.env.BENCH_SEED_CONCURRENCY ?? 8);
const RECONNECT_LIMIT_MS = Number(process.env.BENCH_RECONNECT_LIMIT_MS ?? 600_000);
// `npm run bench -- sessions` runs only that figure; `-- speed` only the others.
const only = process.argv[2];
const f = (n: number, d = 1) => n.toFixed(d);

function printPair(title: string, p: Pair, targets: { ofRaw?: number; atLeast?: number; original?: number }) {
  const ratio = p.gatewayPerSecond / p.rawBaileysPerSecond;
  console.log(`\n${title}`);
  console.log(
    `  gateway:      ${f(p.gatewayPerSecond)} msg/s` +
      (targets.atLeast ? `   target ≥ ${targets.atLeast} → ${f(p.gatewayPerSecond / targets.atLeast, 2)}×` : '') +
      (targets.original ? `   original server ~${targets.original} → ${f(p.gatewayPerSecond / targets.original, 2)}×` : ''),
  );
  console.log(
    `  raw Baileys:  ${f(p.rawBaileysPerSecond)} msg/s   gateway/raw ${f(ratio, 2)}×` +
      (targets.ofRaw ? `   target ≥ ${targets.ofRaw}× → ${f(ratio / targets.ofRaw, 2)} of it` : ''),
  );
  console.log(`  CPU per message while the gateway worked: session host ${f(p.hostCpuMs, 2)} ms, simulator ${f(p.simulatorCpuMs, 2)} ms`);
  // The raw loop and the simulator share this process: what they spend together bounds any sender
  // doing Baileys' work for this kind of message on this machine's 2 cores.
  const ceiling = 2000 / p.rawCpuMs;
  console.log(
    `  CPU per message while the raw loop worked (its socket + the simulator): ${f(p.rawCpuMs, 2)} ms → 2 cores do at most ${f(ceiling, 0)} msg/s of that work` +
      (targets.ofRaw ? ` (${f(ceiling / p.rawBaileysPerSecond, 2)}× the raw loop)` : ''),
  );
}

function printLatency(l: LatencyResult) {
  console.log(
    `  ${l.rate} req/s: p50 ${f(l.p50)} ms   p95 ${f(l.p95)} ms   p99 ${f(l.p99)} ms   max ${f(l.max)} ms   (${l.accepted}/${l.requests} accepted${Object.keys(l.refused).length > 0 ? `, refused ${JSON.stringify(l.refused)}` : ''})   target p99 < 25 ms → ${f(l.p99 / 25, 2)}×`,
  );
}

async function speedFigures() {
  const gw = await startChildGateway({ LOG_LEVEL: 'warn' }, { embeddedStorage: true });
  try {
    await gw.startHost();
    console.log('Sends, rate governor off, through POST /messages in batches of 100 until the simulator decrypted every one;');
    console.log("raw Baileys = `await sock.sendMessage` to one recipient after another, keys in Baileys' useMultiFileAuthState, same simulator:");
    printPair(`Cold: one session, ${COLD} texts to ${COLD} contacts it never wrote to`, await measureCold(gw, COLD), { ofRaw: 3, atLeast: 50, original: 25 });
    printPair(`Warm: one session, ${WARM} texts cycled over 10 contacts with open sessions`, await measureWarm(gw, WARM), { ofRaw: 1 });
    printPair(
      `Aggregate: ${AGGREGATE_SESSIONS} sessions at once, ${AGGREGATE_EACH} new contacts each (raw: as many sockets, each looping)`,
      await measureAggregateCold(gw, AGGREGATE_SESSIONS, AGGREGATE_EACH),
      { atLeast: 42 },
    );
    const ceiling = await measureWarm(gw, WARM, 'memory');
    console.log(
      `  (raw Baileys with its keys in a Map, no disk: ${f(ceiling.rawBaileysPerSecond)} msg/s warm; the gateway in that run ${f(ceiling.gatewayPerSecond)})`,
    );
    printPair(
      `Incoming: ${INCOMING} texts from 20 new contacts writing at once, until the webhook receiver has them (raw: a bare socket's messages.upsert)`,
      await measureIncoming(gw, INCOMING),
      { ofRaw: 0.8 },
    );

    console.log(`\nAccepted POST /messages for ${SECONDS} s (open loop), rate governor off, so the host sends flat out on the same 2 cores:`);
    for (const l of await measureAcceptLatency(gw, RATES.slice(0, 1), SECONDS)) printLatency(l);
  } finally {
    await gw.close();
  }

  // The default rate governor (30 messages a minute per session) sends at a human pace: this is the
  // accept path itself, not the CPU the machine spends encrypting and decrypting behind it.
  const governed = await startChildGateway({ LOG_LEVEL: 'warn', SEND_RATE_PER_MINUTE: '30' }, { embeddedStorage: true });
  const npmStartEdge = await startProductionEdge(governed.edgeBindings);
  try {
    await governed.startHost();
    console.log(
      `\nAccepted POST /messages for ${SECONDS} s at each rate (open loop from Node to the edge as npm start serves it: the front, then workerd), default rate governor (30/min per session):`,
    );
    for (const l of await measureAcceptLatency(governed, RATES, SECONDS, npmStartEdge.url)) printLatency(l);
    const wrk = await measureAcceptLatencyWithWrk(governed, WRK_CONNECTIONS, SECONDS, npmStartEdge.url);
    if (!wrk) console.log('  (wrk not installed: apt-get install wrk for the sustained rate)');
    else {
      console.log(`  wrk (closed loop, ${SECONDS} s per connection count; wrk 4 has no fixed-rate mode), same governor:`);
      for (const w of wrk) {
        console.log(
          `  ${String(w.connections).padStart(3)} connections: ${f(w.accepted, 0)} accepted req/s   p50 ${f(w.p50)} ms   p90 ${f(w.p90)} ms   p99 ${f(w.p99)} ms   ${w.failed} failed`,
        );
      }
      const best = Math.max(...wrk.map((w) => w.accepted));
      console.log(`  sustained: ${f(best, 0)} req/s   target ≥ 1000 → ${f(best / 1000, 2)}×`);
    }
  } finally {
    await npmStartEdge.close();
    await governed.close();
  }
}

async function sessionFigures() {
  const m = await measureSessionScale({
    sessions: SESSIONS,
    concurrency: SEED_CONCURRENCY,
    reconnectLimitMs: RECONNECT_LIMIT_MS,
    progress: (line) => console.log(line),
  });
  const seconds = (s: number) => (Number.isNaN(s) ? `not all within ${f(RECONNECT_LIMIT_MS / 1000, 0)} s` : `${f(s)} s`);
  console.log(`\n${m.sessions} connected sessions in one session host (paired credentials seeded in ${f(m.seedSeconds, 0)} s, see bench/seed-sessions.ts):`);
  console.log(`  first start: all ${m.sessions} logged in and CONNECTED ${seconds(m.firstStartSeconds)} after the host process was spawned`);
  console.log(
    `  RSS ${f(m.baselineMiB)} MiB idle → ${f(m.loadedMiB)} MiB; ${f(m.perSessionMiB, 2)} MiB per session   target ≤ 4 → ${f(m.perSessionMiB / 4, 2)}×   original 13 → ${f(m.perSessionMiB / 13, 2)}×`,
  );
  console.log(
    `  host restart (SIGTERM, new process) → all ${m.sessions} CONNECTED again: ${seconds(m.reconnectSeconds)} (its /health answering after ${f(m.hostUpSeconds)} s)   target < 120 s → ${f(m.reconnectSeconds / 120, 2)}×`,
  );
  console.log(`  sessions that showed a QR: ${m.qrAfterRestart} (target 0); CONNECTED at the end: ${m.connectedAfterRestart}/${m.sessions}`);
  const churn = (c: { reconnects: number; leasesLost: number }) => `${c.reconnects} reconnects, ${c.leasesLost} leases lost`;
  console.log(`  churn until all were in (host /metrics): ${churn(m.firstStartChurn)} at the first start; ${churn(m.restartChurn)} after the restart`);
  const perLogin = (cpu: number) => `${f((cpu / m.sessions) * 1000, 0)} ms a session`;
  console.log(
    `  CPU until all were in: host ${f(m.firstStartHostCpu)} s (${perLogin(m.firstStartHostCpu)}) at the first start, ${f(m.restartHostCpu)} s (${perLogin(m.restartHostCpu)}) after the restart; simulator, libSQL and edge ${f(m.firstStartBenchCpu)} s and ${f(m.restartBenchCpu)} s`,
  );
}

buildEdge();
if (only !== 'sessions') await speedFigures();
if (only !== 'speed') await sessionFigures();
process.exit(0);
