// Send throughput through the whole gateway (POST /messages → libSQL → the host's send queue →
// Baileys → the simulator decrypts), each figure beside a raw Baileys loop doing the same work on
// the same simulator in the same run: `await sock.sendMessage` to one recipient after another, the
// way a script without a gateway sends.
//   cold: every recipient is new to the account (usync + prekey fetch + a new Signal session each);
//   warm: recipients cycled over a few contacts whose sessions are open;
//   aggregate: several sessions at once, each to its own new contacts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useMultiFileAuthState } from '@whiskeysockets/baileys';
import { memoryAuthState, pairWithQr, type TestClient } from '../simulator/src/testing.js';
import type { ChildGateway } from '../test-support/child-gateway.js';

export interface Pair {
  gatewayPerSecond: number;
  rawBaileysPerSecond: number;
  /** CPU per message while the gateway sent: the session host process, and this process (the simulator). */
  hostCpuMs: number;
  simulatorCpuMs: number;
  /** CPU per message of this process while the raw loop ran: the raw socket and the simulator. */
  rawCpuMs: number;
}

let nextPhone = 6285500000000;
const newPhones = (count: number) => Array.from({ length: count }, () => String(nextPhone++));
let nextAccount = 6280000300000;

/** Simulated contacts, created ahead: each costs the simulator ~30 ms of key generation. */
export function contacts(gw: ChildGateway, count: number): string[] {
  const phones = newPhones(count);
  for (const phone of phones) gw.sim.addContact(phone, { name: `Bench ${phone.slice(-4)}` });
  return phones;
}

/** Resolves when the simulator has decrypted `count` messages from `account` whose text starts with `tag`. */
async function decrypted(gw: ChildGateway, account: string, tag: string, count: number): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while (gw.sim.sent().filter((m) => m.from === account && m.text?.startsWith(tag)).length < count) {
    if (Date.now() > deadline) throw new Error(`simulator decrypted fewer than ${count} '${tag}' messages from ${account}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Where the raw loop keeps its keys: `file` is Baileys' own useMultiFileAuthState, what a script
 * without a gateway uses (the issue's baseline); `memory` is a map, the ceiling of Baileys itself. */
export type RawKeys = 'file' | 'memory';

export async function rawClient(gw: ChildGateway, keys: RawKeys): Promise<{ client: TestClient; account: string }> {
  const account = String(nextAccount++);
  if (keys === 'memory') return { client: await pairWithQr(gw.sim, memoryAuthState(), account, 'Raw Baileys'), account };
  const { state, saveCreds } = await useMultiFileAuthState(mkdtempSync(join(tmpdir(), 'wag-bench-raw-')));
  const client = await pairWithQr(gw.sim, state, account, 'Raw Baileys');
  client.sock.ev.on('creds.update', saveCreds);
  return { client, account };
}

export async function gatewaySession(
  gw: ChildGateway,
): Promise<{ send: (to: string[], tag: string) => Promise<void>; account: string; id: string; headers: Record<string, string> }> {
  const account = String(nextAccount++);
  const id = `bench${account}`;
  const token = await gw.pairSession(id, account, 'Gateway');
  const headers = { authorization: `Bearer ${token}` };
  const send = async (to: string[], tag: string) => {
    for (let i = 0; i < to.length; i += 100) {
      const body = to.slice(i, i + 100).map((phone, j) => ({ to: phone, type: 'text', text: { body: `${tag} ${i + j}` } }));
      const res = await gw.json('POST', `/api/v1/messages?sessionId=${id}`, { body, headers });
      if (res.status !== 200) throw new Error(`POST /messages: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
  };
  return { send, account, id, headers };
}

/** CPU time a process has used, in ms (utime + stime from /proc, in clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function timed(work: () => Promise<void>, messages: number): Promise<number> {
  const t0 = performance.now();
  await work();
  return (messages / (performance.now() - t0)) * 1000;
}

/** `timed` for the raw loop, with this process's CPU per message (the raw socket and the simulator). */
export async function timedRaw(work: () => Promise<void>, messages: number) {
  const cpu0 = process.cpuUsage();
  const perSecond = await timed(work, messages);
  const cpu = process.cpuUsage(cpu0);
  return { perSecond, cpuMs: (cpu.user + cpu.system) / 1000 / messages };
}

/** A gateway run beside its raw run. */
export function pairOf(gateway: { perSecond: number; hostCpuMs: number; simulatorCpuMs: number }, raw: { perSecond: number; cpuMs: number }): Pair {
  return {
    gatewayPerSecond: gateway.perSecond,
    rawBaileysPerSecond: raw.perSecond,
    hostCpuMs: gateway.hostCpuMs,
    simulatorCpuMs: gateway.simulatorCpuMs,
    rawCpuMs: raw.cpuMs,
  };
}

/** `timed` for the gateway's side, with the CPU each process spent per message meanwhile. */
export async function timedGateway(gw: ChildGateway, work: () => Promise<void>, messages: number) {
  const pid = gw.child!.pid!;
  const host0 = processCpuMs(pid);
  const sim0 = process.cpuUsage();
  const perSecond = await timed(work, messages);
  const sim = process.cpuUsage(sim0);
  return { perSecond, hostCpuMs: (processCpuMs(pid) - host0) / messages, simulatorCpuMs: (sim.user + sim.system) / 1000 / messages };
}

/** One session, `count` new contacts each. */
export async function measureCold(gw: ChildGateway, count: number, keys: RawKeys = 'file'): Promise<Pair> {
  const gwTargets = contacts(gw, count);
  const rawTargets = contacts(gw, count);
  const session = await gatewaySession(gw);
  const gateway = await timedGateway(
    gw,
    async () => {
      await session.send(gwTargets, 'cold');
      await decrypted(gw, session.account, 'cold', count);
    },
    count,
  );
  const raw = await rawClient(gw, keys);
  const rawRun = await timedRaw(async () => {
    for (const [i, phone] of rawTargets.entries()) await raw.client.sock.sendMessage(`${phone}@s.whatsapp.net`, { text: `cold ${i}` });
    await decrypted(gw, raw.account, 'cold', count);
  }, count);
  raw.client.end();
  return pairOf(gateway, rawRun);
}

/** One session, `count` messages cycled over `known` contacts it has written to before. */
export async function measureWarm(gw: ChildGateway, count: number, keys: RawKeys = 'file', known = 10): Promise<Pair> {
  const targets = contacts(gw, known);
  const cycle = Array.from({ length: count }, (_, i) => targets[i % known]!);
  const session = await gatewaySession(gw);
  await session.send(targets, 'hello');
  await decrypted(gw, session.account, 'hello', known);
  const gateway = await timedGateway(
    gw,
    async () => {
      await session.send(cycle, 'warm');
      await decrypted(gw, session.account, 'warm', count);
    },
    count,
  );
  const raw = await rawClient(gw, keys);
  for (const phone of targets) await raw.client.sock.sendMessage(`${phone}@s.whatsapp.net`, { text: 'hello' });
  await decrypted(gw, raw.account, 'hello', known);
  const rawRun = await timedRaw(async () => {
    for (const [i, phone] of cycle.entries()) await raw.client.sock.sendMessage(`${phone}@s.whatsapp.net`, { text: `warm ${i}` });
    await decrypted(gw, raw.account, 'warm', count);
  }, count);
  raw.client.end();
  return pairOf(gateway, rawRun);
}

/** `sessions` sessions at once, `perSession` new contacts each; raw: as many raw sockets, each looping. */
export async function measureAggregateCold(gw: ChildGateway, sessions: number, perSession: number, keys: RawKeys = 'file'): Promise<Pair> {
  const gwTargets = Array.from({ length: sessions }, () => contacts(gw, perSession));
  const rawTargets = Array.from({ length: sessions }, () => contacts(gw, perSession));
  const gwSessions: Awaited<ReturnType<typeof gatewaySession>>[] = [];
  for (let i = 0; i < sessions; i++) gwSessions.push(await gatewaySession(gw));
  const gateway = await timedGateway(
    gw,
    async () => {
      await Promise.all(gwSessions.map((s, i) => s.send(gwTargets[i]!, 'many')));
      await Promise.all(gwSessions.map((s) => decrypted(gw, s.account, 'many', perSession)));
    },
    sessions * perSession,
  );
  const raws: Awaited<ReturnType<typeof rawClient>>[] = [];
  for (let i = 0; i < sessions; i++) raws.push(await rawClient(gw, keys));
  const rawRun = await timedRaw(async () => {
    await Promise.all(
      raws.map(async (raw, r) => {
        for (const [i, phone] of rawTargets[r]!.entries()) await raw.client.sock.sendMessage(`${phone}@s.whatsapp.net`, { text: `many ${i}` });
      }),
    );
    await Promise.all(raws.map((raw) => decrypted(gw, raw.account, 'many', perSession)));
  }, sessions * perSession);
  for (const raw of raws) raw.client.end();
  return pairOf(gateway, rawRun);
}
