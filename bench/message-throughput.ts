// How fast one session sends with the rate governor off, through the whole gateway (POST /messages
// → libSQL → send queue in the host process → Baileys → simulator decrypts), side by side with raw
// Baileys on the same simulator (sock.sendMessage in a loop, in this process: the ceiling the
// gateway's own work sits under).
import { initAuthCreds } from '@whiskeysockets/baileys';
import { memoryAuthState, pairWithQr } from '../simulator/src/testing.js';
import type { ChildGateway } from '../test-support/child-gateway.js';

export interface ThroughputResult {
  messages: number;
  gatewayPerSecond: number;
  rawBaileysPerSecond: number;
}

const CONTACT = '6281230000001';

export async function measureThroughput(gw: ChildGateway, messages: number): Promise<ThroughputResult> {
  gw.sim.addContact(CONTACT, { name: 'Bench' });
  const token = await gw.pairSession('throughput', '6280000000100', 'Throughput');
  const auth = { authorization: `Bearer ${token}` };
  const send = (items: unknown[]) => gw.json('POST', '/api/v1/messages?sessionId=throughput', { body: items, headers: auth });
  // Warm up: the first message opens the Signal session with the contact.
  const warm = await send([{ recipient_type: 'individual', to: CONTACT, type: 'text', text: { body: 'warm-up' } }]);
  await gw.sim.waitForSent(CONTACT, { pred: (m) => m.id === warm.body[0].messageId });

  const before = gw.sim.sent(CONTACT).length;
  const t0 = performance.now();
  for (let i = 0; i < messages; i += 100) {
    const batch = Array.from({ length: Math.min(100, messages - i) }, (_, j) => ({
      recipient_type: 'individual',
      to: CONTACT,
      type: 'text',
      text: { body: `gateway ${i + j}` },
    }));
    const res = await send(batch);
    if (res.status !== 200) throw new Error(`POST /messages: ${res.status}`);
  }
  await gw.sim.waitForSent(CONTACT, { count: before + messages, timeoutMs: 600_000 });
  const gatewayMs = performance.now() - t0;

  const raw = memoryAuthState();
  Object.assign(raw.creds, initAuthCreds());
  const client = await pairWithQr(gw.sim, raw, '6280000000101', 'Raw Baileys');
  const jid = `${CONTACT}@s.whatsapp.net`;
  await client.sock.sendMessage(jid, { text: 'raw warm-up' });
  const rawBefore = gw.sim.sent(CONTACT).length + 1;
  await gw.sim.waitForSent(CONTACT, { count: rawBefore });
  const t1 = performance.now();
  for (let i = 0; i < messages; i++) await client.sock.sendMessage(jid, { text: `raw ${i}` });
  await gw.sim.waitForSent(CONTACT, { count: rawBefore + messages, timeoutMs: 600_000 });
  const rawMs = performance.now() - t1;
  client.end();
  return { messages, gatewayPerSecond: (messages / gatewayMs) * 1000, rawBaileysPerSecond: (messages / rawMs) * 1000 };
}
