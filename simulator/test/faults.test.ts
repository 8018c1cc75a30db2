import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisconnectReason, proto } from '@whiskeysockets/baileys';
import { hardenBaileys } from '../../session-host/src/whatsapp/harden.js';
import { startSimulator, trustSimulator, type Simulator } from '../src/index.js';
import { connectBaileys, memoryAuthState, pairWithQr, type TestClient } from '../src/testing.js';

const BUDI = '6281234567890';
let sim: Simulator;

beforeAll(async () => {
  hardenBaileys();
  sim = await startSimulator();
  await trustSimulator(sim.info);
  sim.addContact(BUDI, { name: 'Budi' });
});
afterAll(async () => {
  await sim?.close();
});

async function reconnect(auth: Parameters<typeof connectBaileys>[1], phone: string): Promise<TestClient> {
  const c = connectBaileys(sim, auth);
  await c.opened;
  await sim.waitForOnline(phone);
  return c;
}

describe('faults', () => {
  it('drop: the client sees the connection close, reconnects with its creds and sends again', async () => {
    const phone = '6280000000011';
    const auth = memoryAuthState();
    let client = await pairWithQr(sim, auth, phone);
    await client.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { text: 'before drop' });
    await sim.waitForSent(BUDI, { pred: (m) => m.text === 'before drop' });
    expect(sim.drop(phone)).toBe(1);
    expect(await client.closed).toBe(DisconnectReason.connectionClosed);
    // a message sent while the client is away is delivered after it reconnects
    const offlineId = await sim.sendFrom(BUDI, { text: 'while you were away' }, { to: phone });
    client = await reconnect(auth, phone);
    const up = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === offlineId));
    expect(up.messages.find((m) => m.key.id === offlineId)?.message?.conversation).toBe('while you were away');
    await client.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { text: 'after drop' });
    const [m] = await sim.waitForSent(BUDI, { pred: (x) => x.text === 'after drop' });
    expect(m!.from).toBe(phone);
    client.end();
  });

  it('stream error and conflict close with their codes', async () => {
    const phone = '6280000000012';
    const auth = memoryAuthState();
    let client = await pairWithQr(sim, auth, phone);
    sim.streamError('503', phone);
    expect(await client.closed).toBe(503);
    client = await reconnect(auth, phone);
    sim.conflict(phone);
    expect(await client.closed).toBe(DisconnectReason.connectionReplaced);
    client = await reconnect(auth, phone);
    client.end();
  });

  it('logout (device removed): 401 now and on the next login', async () => {
    const phone = '6280000000013';
    const auth = memoryAuthState();
    const client = await pairWithQr(sim, auth, phone);
    sim.logout(phone);
    expect(await client.closed).toBe(DisconnectReason.loggedOut);
    const again = connectBaileys(sim, auth);
    expect(await again.closed).toBe(DisconnectReason.loggedOut);
  });

  it('client-initiated logout removes the device', async () => {
    const phone = '6280000000014';
    const auth = memoryAuthState();
    const client = await pairWithQr(sim, auth, phone);
    await client.sock.logout();
    expect(await client.closed).toBe(DisconnectReason.loggedOut);
    const again = connectBaileys(sim, auth);
    expect(await again.closed).toBe(DisconnectReason.loggedOut);
  });

  it('delayed acks and numbers not on WhatsApp', async () => {
    const phone = '6280000000015';
    const client = await pairWithQr(sim, memoryAuthState(), phone);
    const nobody = '6289999000000';
    const [exists] = (await client.sock.onWhatsApp(BUDI, nobody)) ?? [];
    expect(exists).toMatchObject({ jid: `${BUDI}@s.whatsapp.net`, exists: true });
    const res = await client.sock.onWhatsApp(nobody);
    expect(res?.[0]?.exists ?? false).toBe(false);
    sim.refuse(BUDI);
    expect((await client.sock.onWhatsApp(BUDI))?.[0]?.exists ?? false).toBe(false);
    sim.addContact(BUDI);
    sim.setAckDelay(1500);
    const slow = await client.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { text: 'slow ack' });
    await sim.waitForSent(BUDI, { pred: (m) => m.text === 'slow ack' });
    // The late ack still reaches the client: the message is marked as acknowledged by the server.
    await client.waitForStatus(slow!.key.id!, proto.WebMessageInfo.Status.SERVER_ACK);
    sim.setAckDelay(0);

    // a refused stanza: ack with an error, Baileys reports status ERROR, nobody receives it
    sim.rejectNext('479');
    const refused = await client.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { text: 'refused' });
    await expect.poll(() => client.errorOf(refused!.key.id!), { timeout: 10_000 }).toEqual(['479']);
    expect(sim.sent(BUDI).some((m) => m.text === 'refused')).toBe(false);
    client.end();
  });

  it('an undecryptable message is retried: the client asks, the contact re-encrypts, it arrives', async () => {
    const phone = '6280000000016';
    const client = await pairWithQr(sim, memoryAuthState(), phone);
    const first = await sim.sendFrom(BUDI, { text: 'first' }, { to: phone });
    await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === first && !!m.message?.conversation));
    sim.corruptNextIncoming();
    const id = await sim.sendFrom(BUDI, { text: 'second, after a retry' }, { to: phone });
    const up = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id && !!m.message?.conversation));
    expect(up.messages.find((m) => m.key.id === id)?.message?.conversation).toBe('second, after a retry');
    expect(sim.retries().some((r) => r.id === id)).toBe(true);
    client.end();
  });

  it('a second login of the same device replaces the first (440)', async () => {
    const phone = '6280000000017';
    const auth = memoryAuthState();
    const first = await pairWithQr(sim, auth, phone);
    const second = connectBaileys(sim, auth);
    await second.opened;
    expect(await first.closed).toBe(DisconnectReason.connectionReplaced);
    second.end();
  });

  it('prekeys running low: the server notifies and the client uploads more', async () => {
    const phone = '6280000000018';
    const client = await pairWithQr(sim, memoryAuthState(), phone);
    expect(sim.prekeyCount(phone)).toBeGreaterThan(800);
    sim.drainPrekeys(phone, 3);
    const other = sim.addContact('6281234567999', { name: 'Baru' });
    const id = await sim.sendFrom(other.phone, { text: 'uses a prekey' }, { to: phone });
    await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    await expect.poll(() => sim.prekeyCount(phone), { timeout: 10_000 }).toBeGreaterThan(3);
    client.end();
  });

  it('closeAmidSends: the stream ends at a precise stanza of a burst; a resend of the unacknowledged one reaches the recipient as a repeat of the same id', async () => {
    const phone = '6280000000019';
    const auth = memoryAuthState();
    let client = await pairWithQr(sim, auth, phone);
    const budi = `${BUDI}@s.whatsapp.net`;
    // Budi known first: each later send is one stanza.
    await client.sock.sendMessage(budi, { text: 'warm up' });
    await sim.waitForSent(BUDI, { pred: (m) => m.text === 'warm up' });
    expect(sim.closeAmidSends(phone, { acked: 1, unacked: 1, lost: 1 })).toBe(1);
    const ids = ['CUT-1', 'CUT-2', 'CUT-3', 'CUT-4'];
    // One after another (each resolves once written, not acknowledged): the stanzas reach the server in this order.
    const results: Array<PromiseSettledResult<unknown>> = [];
    for (const messageId of ids) results.push(...(await Promise.allSettled([client.sock.sendMessage(budi, { text: messageId }, { messageId })])));
    expect(await client.closed).toBe(503);
    const [acked, unacked] = sim.sent(BUDI).filter((m) => ids.includes(m.id));
    expect(acked).toMatchObject({ id: 'CUT-1', acked: true, repeat: false });
    expect(unacked).toMatchObject({ id: 'CUT-2', acked: false, repeat: false });
    expect(sim.lostMessages()).toEqual([{ id: 'CUT-3', from: phone, toJid: budi }]);
    // The fourth was never handled, whether it was written before the stream error came or refused after.
    expect(sim.sent(BUDI).some((m) => m.id === 'CUT-4')).toBe(false);
    expect(results.slice(0, 3).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);

    client = await reconnect(auth, phone);
    await client.sock.sendMessage(budi, { text: 'CUT-2' }, { messageId: 'CUT-2' });
    const [again] = await sim.waitForSent(BUDI, { pred: (m) => m.id === 'CUT-2' && m.repeat });
    expect(again).toMatchObject({ text: 'CUT-2', acked: true });
    client.end();
  });
});
