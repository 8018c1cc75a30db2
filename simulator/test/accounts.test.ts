import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proto } from '@whiskeysockets/baileys';
import { hardenBaileys } from '../../session-host/src/whatsapp/harden.js';
import { startSimulator, trustSimulator, type Simulator } from '../src/index.js';
import { memoryAuthState, pairWithQr, type TestClient } from '../src/testing.js';

const A = '6280000000041';
const B = '6280000000042';
const BUDI = '6281234567890';
let sim: Simulator;
const clients: TestClient[] = [];

beforeAll(async () => {
  hardenBaileys();
  sim = await startSimulator();
  await trustSimulator(sim.info);
  sim.addContact(BUDI, { name: 'Budi' });
});
afterAll(async () => {
  for (const c of clients) c.end();
  await sim?.close();
});

describe('several accounts and linked devices', () => {
  it('routes a message between two gateway sessions end to end, with receipts', async () => {
    const a = await pairWithQr(sim, memoryAuthState(), A, 'Toko A');
    const b = await pairWithQr(sim, memoryAuthState(), B, 'Toko B');
    clients.push(a, b);
    const sent = await a.sock.sendMessage(`${B}@s.whatsapp.net`, { text: 'dari A ke B' });
    const id = sent!.key.id!;
    const up = await b.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    const got = up.messages.find((m) => m.key.id === id)!;
    expect(got.message?.extendedTextMessage?.text ?? got.message?.conversation).toBe('dari A ke B');
    expect(got.key.fromMe).toBe(false);
    expect([got.key.remoteJid, got.key.remoteJidAlt].map((j) => j?.replace(/:\d+@/, '@'))).toContain(`${A}@s.whatsapp.net`);
    // B's phone got a copy the simulator could decrypt
    expect((await sim.waitForSent(B))[0]!.text).toBe('dari A ke B');
    // B's client sends its own delivery receipt, which reaches A
    await a.waitForStatus(id, proto.WebMessageInfo.Status.DELIVERY_ACK);

    const back = await b.sock.sendMessage(`${A}@s.whatsapp.net`, { text: 'balasan B' });
    const up2 = await a.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === back!.key.id));
    const reply = up2.messages.find((m) => m.key.id === back!.key.id)!;
    expect(reply.message?.extendedTextMessage?.text ?? reply.message?.conversation).toBe('balasan B');
    expect(sim.decryptFailures()).toEqual([]);
  });

  it('a second linked device of the same account gets a copy of what the first sends', async () => {
    const phone = '6280000000043';
    const first = await pairWithQr(sim, memoryAuthState(), phone);
    const second = await pairWithQr(sim, memoryAuthState(), phone);
    clients.push(first, second);
    const sent = await first.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { text: 'sync me' });
    const up = await second.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === sent!.key.id));
    const copy = up.messages.find((m) => m.key.id === sent!.key.id)!;
    expect(copy.key.fromMe).toBe(true);
    expect(copy.message?.extendedTextMessage?.text ?? copy.message?.conversation).toBe('sync me');
    expect((await sim.waitForSent(BUDI, { pred: (m) => m.text === 'sync me' })).length).toBe(1);
  });
});
