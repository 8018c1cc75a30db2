// The account's owner types on the phone: a bare Baileys client (the linked device) gets WhatsApp's
// device-sent copy, unwrapped, as a `fromMe` message of the chat with the contact, in the PN and
// the LID form, and the simulator stays free of errors and decryption failures.
import type { WAMessage } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import type { TestClient } from '../src/testing.js';
import { startPairedClient } from './paired-client.js';

const ME = '6280000000035';
const RINA = '6281300000041';
let sim: Simulator;
let client: TestClient;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, client, close } = await startPairedClient(ME, { [RINA]: 'Rina' }));
});
afterAll(async () => close?.());

const receive = (id: string) =>
  client
    .waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id))
    .then((u) => ({ type: u.type, msg: u.messages.find((m) => m.key.id === id) as WAMessage & { key: { remoteJidAlt?: string } } }));

describe('a message typed on the phone', () => {
  it('reaches the linked device as its own message to the contact (PN form), text unwrapped from the device-sent copy', async () => {
    const id = await sim.sendFromPhone(RINA, { text: 'Saya balas dari HP' });
    const { type, msg } = await receive(id);
    expect(type).toBe('notify');
    expect(msg.key).toMatchObject({ remoteJid: `${RINA}@s.whatsapp.net`, fromMe: true, id });
    expect(msg.message?.conversation).toBe('Saya balas dari HP');
    expect(msg.message?.deviceSentMessage).toBeFalsy();
  });

  it('in the LID form names the chat by the contact LID with its number as remoteJidAlt; a second message reuses the session', async () => {
    const rina = sim.addContact(RINA);
    const first = await sim.sendFromPhone(RINA, { text: 'satu' }, { addressing: 'lid' });
    const { msg } = await receive(first);
    expect(msg.key).toMatchObject({ remoteJid: rina.lid, remoteJidAlt: `${RINA}@s.whatsapp.net`, fromMe: true });
    expect(msg.message?.conversation).toBe('satu');
    const second = await sim.sendFromPhone(RINA, { text: 'dua' }, { addressing: 'lid' });
    expect((await receive(second)).msg.message?.conversation).toBe('dua');
    expect(sim.decryptFailures()).toEqual([]);
    expect(sim.errors()).toEqual([]);
  });
});
