// Read receipts and chat states a real Baileys client sends are recorded per contact (presence needs
// a push name, which this client has not: e2e/chats.test.ts covers it through the gateway).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WAMessage } from '@whiskeysockets/baileys';
import type { Simulator } from '../src/index.js';
import type { TestClient } from '../src/testing.js';
import { startPairedClient } from './paired-client.js';

const ME = '6280000000007';
const RINA = '6281234500001';
const TONO = '6281234500002';
const DEWI = '6281234500003';
let sim: Simulator;
let client: TestClient;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, client, close } = await startPairedClient(ME, { [RINA]: 'Rina', [TONO]: 'Tono', [DEWI]: 'Dewi' }));
});
afterAll(async () => close?.());

async function received(id: string): Promise<WAMessage> {
  const event = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
  return event.messages.find((m) => m.key.id === id)!;
}

describe('chat signals', () => {
  it('records a read receipt for exactly the messages the client read, under their sender', async () => {
    const first = await sim.sendFrom(RINA, { text: 'satu' });
    const second = await sim.sendFrom(RINA, { text: 'dua' });
    const unread = await sim.sendFrom(RINA, { text: 'tiga' });
    const keys = [(await received(first)).key, (await received(second)).key];
    await received(unread);
    await client.sock.readMessages(keys);
    const receipt = await sim.waitForReadReceipt(RINA, second);
    expect(receipt).toEqual({ account: ME, contact: RINA, chat: `${RINA}@s.whatsapp.net`, ids: [first, second], type: 'read' });
    expect(sim.readReceipts(RINA).flatMap((r) => r.ids)).not.toContain(unread);
    expect(sim.readReceipts(TONO)).toEqual([]);
  });

  it('records composing, recording and paused in order, per contact', async () => {
    await client.sock.sendPresenceUpdate('composing', `${TONO}@s.whatsapp.net`);
    await client.sock.sendPresenceUpdate('recording', `${TONO}@s.whatsapp.net`);
    await client.sock.sendPresenceUpdate('paused', `${TONO}@s.whatsapp.net`);
    const states = await sim.waitForChatStates(TONO, { count: 3 });
    expect(states.map((s) => s.state)).toEqual(['composing', 'recording', 'paused']);
    expect(states[0]).toEqual({ account: ME, contact: TONO, chat: `${TONO}@s.whatsapp.net`, state: 'composing' });
    expect(sim.chatStates(DEWI)).toEqual([]);
  });
});
