// The incoming figure of `npm run bench` on its own, repeated, with the session host's CPU per
// message split by thread (the event loop, the embedded database's thread, V8's helper threads):
// CPU per message compares two versions fairly on a machine that is busy with other work, where
// rates do not. `node --import tsx bench/incoming.ts`; BENCH_INCOMING texts (400) per round,
// BENCH_ROUNDS rounds (3) on one host, the first also warming it up. It stops by itself.
import { readdirSync, readFileSync } from 'node:fs';
import { buildEdge } from '../scripts/build-edge.js';
import { startChildGateway } from '../test-support/child-gateway.js';
import { measureIncoming } from './incoming-throughput.js';

const COUNT = Number(process.env.BENCH_INCOMING ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const f = (n: number, d = 1) => n.toFixed(d);

/** CPU ms each thread of `pid` has used, by name (Node names its worker and helper threads alike,
 * so the main thread is told apart by its id and the rest summed by name). */
function threadCpuMs(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = tid === String(pid) ? 'event loop' : `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))} #${tid}`;
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    byName.set(name, (Number(fields[11]) + Number(fields[12])) * 10);
  }
  return byName;
}

buildEdge();
const gw = await startChildGateway({ LOG_LEVEL: 'warn' }, { embeddedStorage: true });
try {
  await gw.startHost();
  const pid = gw.child!.pid!;
  console.log(`Incoming: ${COUNT} texts from 20 new contacts writing at once, until the webhook receiver has them; raw: a bare socket's messages.upsert`);
  for (let round = 1; round <= ROUNDS; round++) {
    const before = threadCpuMs(pid);
    const p = await measureIncoming(gw, COUNT);
    const threads = [...threadCpuMs(pid)]
      .map(([name, ms]) => [name, (ms - (before.get(name) ?? 0)) / COUNT] as const)
      .filter(([, ms]) => ms >= 0.05)
      .sort((a, b) => b[1] - a[1]);
    console.log(
      `  round ${round}: gateway ${f(p.gatewayPerSecond)} msg/s, raw ${f(p.rawBaileysPerSecond)} msg/s, gateway/raw ${f(p.gatewayPerSecond / p.rawBaileysPerSecond, 2)}× (target ≥ 0.8×)`,
    );
    console.log(`    CPU per message while the gateway worked: session host ${f(p.hostCpuMs, 2)} ms, simulator and receiver ${f(p.simulatorCpuMs, 2)} ms`);
    // The bare socket shares this process with the simulator: its own part is about the difference.
    console.log(
      `    CPU per message while the bare socket worked: it and the simulator ${f(p.rawCpuMs, 2)} ms (bare socket ≈ ${f(p.rawCpuMs - p.simulatorCpuMs, 2)} ms)`,
    );
    // Over the whole round, the raw socket's part included (the host idles then).
    console.log(`    host threads over the round, ms per message: ${threads.map(([name, ms]) => `${name} ${f(ms, 2)}`).join(', ')}`);
  }
} finally {
  await gw.close();
}
process.exit(0);
