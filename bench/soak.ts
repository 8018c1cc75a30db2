// `npm run soak`: does the session host leak? Sessions send and receive texts at the rate
// governor's pace for SOAK_MINUTES while the simulator drops their connections now and then and
// the webhook receiver goes down for a while every few minutes. The host's RSS (from /proc) and V8
// heap (from its /metrics) are sampled every minute; their growth after the warm-up must stay under
// the limit. The other figures of a sample (soak-samples.ts) say where a growth of RSS lives.
// Loopback only, bounded in time; it stops by itself and exits non-zero on a fail.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { buildEdge } from '../scripts/build-edge.js';
import { startChildGateway, type ChildGateway } from '../test-support/child-gateway.js';
import { pairByQr } from './pairing.js';
import { startOutageReceiver, type OutageReceiver } from './outage-receiver.js';
import { growth, hostMemory, type MemorySample, SAMPLE_COLUMNS } from './soak-samples.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 20);
const WARMUP_MINUTES = Number(process.env.SOAK_WARMUP_MINUTES ?? 5);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 60) * 1000;
const RATE_PER_MINUTE = Number(process.env.SOAK_RATE_PER_MINUTE ?? 30);
const LIMIT = Number(process.env.SOAK_GROWTH_LIMIT ?? 0.1);
// Faults: a few sessions' connections dropped every DROP_EVERY; the receiver down for OUTAGE_FOR every OUTAGE_EVERY.
const DROP_EVERY_MS = Number(process.env.SOAK_DROP_EVERY_SECONDS ?? 120) * 1000;
const OUTAGE_EVERY_MS = Number(process.env.SOAK_OUTAGE_EVERY_SECONDS ?? 300) * 1000;
const OUTAGE_FOR_MS = Number(process.env.SOAK_OUTAGE_SECONDS ?? 60) * 1000;
/** Sends accepted but not yet decrypted by the contact, per session, before the sender waits. */
const MAX_OUTSTANDING = 10;

interface SoakSession {
  id: string;
  phone: string;
  contacts: string[];
  headers: Record<string, string>;
  posted: number;
  written: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const f = (n: number, d = 1) => n.toFixed(d);

async function setUp(gw: ChildGateway, receiver: OutageReceiver, i: number): Promise<SoakSession> {
  const id = `soak${i}`;
  const phone = String(6280000300000 + i);
  const contacts = [0, 1, 2].map((c) => gw.sim.addContact(String(6289000300000 + i * 10 + c), { name: `Soak contact ${i}.${c}` }).phone);
  const token = await pairByQr(gw, id, phone, `Soak ${i}`);
  const headers = { authorization: `Bearer ${token}` };
  for (let tries = 1; ; tries++) {
    const hook = await gw.json('POST', '/api/v1/webhook', { body: { sessionId: id, url: receiver.url }, headers });
    if (hook.status < 300) break;
    if (tries === 3) throw new Error(`POST /webhook: ${hook.status} ${JSON.stringify(hook.body).slice(0, 200)}`);
  }
  return { id, phone, contacts, headers, posted: 0, written: 0 };
}

/** Texts from the session to its contacts at the governor's pace, never more than MAX_OUTSTANDING ahead of what they decrypted. */
async function sendLoop(gw: ChildGateway, s: SoakSession, until: number): Promise<void> {
  const gapMs = 60_000 / RATE_PER_MINUTE;
  while (Date.now() < until) {
    const delivered = s.contacts.reduce((n, c) => n + gw.sim.sent(c).length, 0);
    if (s.posted - delivered < MAX_OUTSTANDING) {
      const to = s.contacts[s.posted % s.contacts.length]!;
      const res = await gw.json('POST', `/api/v1/messages?sessionId=${s.id}`, {
        body: { recipient_type: 'individual', to, type: 'text', text: { body: `soak ${s.posted} ${randomBytes(6).toString('hex')}` } },
        headers: s.headers,
      });
      if (res.status === 200) s.posted++;
    }
    await sleep(gapMs);
  }
}

/** Texts from the contacts to the session at the same pace; a contact whose session is offline just waits. */
async function receiveLoop(gw: ChildGateway, s: SoakSession, until: number): Promise<void> {
  const gapMs = 60_000 / RATE_PER_MINUTE;
  while (Date.now() < until) {
    const from = s.contacts[s.written % s.contacts.length]!;
    await gw.sim.sendFrom(from, { text: `soak in ${s.written}` }, { to: s.phone }).then(
      () => s.written++,
      () => undefined,
    );
    await sleep(gapMs);
  }
}

async function faultLoop(gw: ChildGateway, receiver: OutageReceiver, sessions: SoakSession[], until: number): Promise<{ drops: number; outages: number }> {
  let drops = 0;
  let outages = 0;
  let nextDrop = Date.now() + DROP_EVERY_MS;
  let nextOutage = Date.now() + OUTAGE_EVERY_MS;
  let outageEnds = Infinity;
  while (Date.now() < until) {
    const now = Date.now();
    if (now >= nextDrop) {
      // A quarter of the sessions each time, in turn.
      for (let k = 0; k < Math.max(1, Math.floor(sessions.length / 4)); k++) drops += gw.sim.drop(sessions[(drops + k) % sessions.length]!.phone);
      nextDrop = now + DROP_EVERY_MS;
    }
    if (now >= nextOutage && receiver.up) {
      await receiver.goDown();
      outages++;
      outageEnds = now + OUTAGE_FOR_MS;
      nextOutage = now + OUTAGE_EVERY_MS;
    }
    if (now >= outageEnds) {
      await receiver.comeBack();
      outageEnds = Infinity;
    }
    await sleep(500);
  }
  await receiver.comeBack();
  return { drops, outages };
}

function printSample(s: MemorySample, sessions: SoakSession[], receiver: OutageReceiver, gw: ChildGateway): void {
  const posted = sessions.reduce((n, x) => n + x.posted, 0);
  const written = sessions.reduce((n, x) => n + x.written, 0);
  const memory = SAMPLE_COLUMNS.filter(([key]) => !Number.isNaN(s[key]))
    .map(([key, label]) => `${label} ${f(s[key], key.endsWith('MiB') ? 1 : 0)}`)
    .join('  ');
  console.log(
    `  ${f(s.minute, 1).padStart(5)} min   ${memory} (MiB)${s.missed ? `   /metrics did not answer: ${s.missed}` : ''}   ` +
      `sent ${posted} (decrypted ${gw.sim.sent().length})   received ${written} (webhooked ${receiver.receivedIds.size})   receiver ${receiver.up ? 'up' : 'DOWN'}`,
  );
}

// libsignal prints every session it opens or closes with console.info (the simulator's contacts,
// in this process): thousands of lines that would bury the samples.
console.info = () => undefined;
buildEdge();
const metricsToken = randomBytes(16).toString('hex');
const gw = await startChildGateway({ SEND_RATE_PER_MINUTE: String(RATE_PER_MINUTE), METRICS_TOKEN: metricsToken }, { embeddedStorage: true });
const receiver = await startOutageReceiver();
let failed = true;
try {
  await gw.startHost();
  const hostPid = gw.child!.pid!;
  console.log(`Soak: ${SESSIONS} sessions for ${MINUTES} min, each sending and receiving ${RATE_PER_MINUTE} texts a minute (governor ${RATE_PER_MINUTE}/min);`);
  console.log(
    `a quarter of the connections dropped every ${DROP_EVERY_MS / 1000} s, the webhook receiver down ${OUTAGE_FOR_MS / 1000} s every ${OUTAGE_EVERY_MS / 1000} s; host memory every ${SAMPLE_MS / 1000} s:`,
  );
  const sessions: SoakSession[] = [];
  for (let i = 0; i < SESSIONS; i += 4)
    sessions.push(...(await Promise.all(Array.from({ length: Math.min(4, SESSIONS - i) }, (_, k) => setUp(gw, receiver, i + k)))));
  console.log(`  ${SESSIONS} sessions paired, each with its webhook`);
  const start = Date.now();
  const until = start + MINUTES * 60_000;
  const samples: MemorySample[] = [];
  const loads: number[] = [];
  let missed = 0;
  const sample = async () => {
    const s = await hostMemory(gw.hostUrl, metricsToken, (Date.now() - start) / 60_000, hostPid);
    if (s.missed) missed++;
    samples.push(s);
    loads.push(loadavg()[0]!);
    printSample(s, sessions, receiver, gw);
  };
  await sample();
  const traffic = Promise.all([...sessions.map((s) => sendLoop(gw, s, until)), ...sessions.map((s) => receiveLoop(gw, s, until))]);
  const faultsDone = faultLoop(gw, receiver, sessions, until);
  // On the minute from the start, however long a scrape took.
  for (let k = 1; Date.now() < until; k++) {
    await sleep(Math.max(0, Math.min(start + k * SAMPLE_MS, until) - Date.now()));
    await sample();
  }
  await traffic;
  const faults = await faultsDone;
  if (gw.child?.pid !== hostPid) throw new Error('the session host process was replaced during the soak');

  const after = samples.filter((s) => s.minute >= WARMUP_MINUTES);
  const scraped = after.filter((s) => !s.missed).length;
  const rss = growth(after.map((s) => s.rssMiB));
  const heap = growth(after.map((s) => s.heapUsedMiB));
  const posted = sessions.reduce((n, x) => n + x.posted, 0);
  const written = sessions.reduce((n, x) => n + x.written, 0);
  const worked = posted > 0 && written > 0 && receiver.receivedIds.size > 0;
  console.log(
    `\n${faults.drops} connections dropped, ${faults.outages} webhook outages; ${posted} texts sent, ${written} received; ${missed} of ${samples.length} scrapes of /metrics missed (RSS read from /proc all the same).`,
  );
  console.log(`Load average (1 min) on this machine at the samples: ${f(Math.min(...loads))}–${f(Math.max(...loads))} (${cpus().length} cores).`);
  console.log(
    `Growth after the first ${WARMUP_MINUTES} min (median of the last 3 samples over the median of the first 3 after it), limit ${f(LIMIT * 100, 0)} %:`,
  );
  console.log(`  RSS        ${f(rss.from)} → ${f(rss.to)} MiB: ${f(rss.ratio * 100)} % (limit ${f(LIMIT * 100, 0)} %)`);
  console.log(`  heap used  ${f(heap.from)} → ${f(heap.to)} MiB: ${f(heap.ratio * 100)} % (limit ${f(LIMIT * 100, 0)} %)`);
  // Where RSS went, for a growth to be placed (not part of the verdict).
  console.log('  of which (same medians):');
  for (const [key, label] of SAMPLE_COLUMNS.slice(1)) {
    const g = growth(after.map((x) => x[key]));
    console.log(`    ${label.padEnd(17)} ${f(g.from)} → ${f(g.to)} (${g.to >= g.from ? '+' : ''}${f(g.to - g.from)})`);
  }
  failed = !(scraped >= 2 && rss.ratio < LIMIT && heap.ratio < LIMIT && worked);
  console.log(failed ? `FAIL${scraped < 2 ? ' (too few scrapes after the warm-up)' : worked ? '' : ' (no traffic)'}` : 'PASS');
} finally {
  await receiver.close();
  await gw.close();
}
process.exit(failed ? 1 : 0);
