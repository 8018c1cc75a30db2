import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECTION_CONFIG, DisconnectReason } from '@whiskeysockets/baileys';
import { hardenBaileys } from '../../session-host/src/whatsapp/harden.js';
import { startSimulator, trustSimulator, type Simulator } from '../src/index.js';
import { connectBaileys, linkWithoutScan, memoryAuthState, pairWithQr } from '../src/testing.js';

let sim: Simulator;

beforeAll(async () => {
  hardenBaileys();
  sim = await startSimulator();
  await trustSimulator(sim.info);
});
afterAll(async () => {
  await sim?.close();
});

describe('pairing and login', () => {
  it('pairs by QR, restarts on 515, logs in and opens', async () => {
    const auth = memoryAuthState();
    const client = await pairWithQr(sim, auth, '6280000000001', 'Gateway One');
    expect(auth.creds.me?.id).toBe('6280000000001:1@s.whatsapp.net');
    expect(auth.creds.me?.lid).toMatch(/^\d+:1@lid$/);
    expect(auth.creds.account?.deviceSignature?.length).toBe(64);
    // reconnect with stored creds: no QR, straight to open
    client.end();
    await client.closed;
    const again = connectBaileys(sim, auth);
    await again.opened;
    expect(again.events.some((e) => e.name === 'connection.update' && !!(e.data as { qr?: string }).qr)).toBe(false);
    again.end();
  });

  it('links a device without a scan: it logs in with no QR, uploads no prekeys, and a contact writes to it through one of them', async () => {
    const contact = sim.addContact('6281300000042', { name: 'Linked Contact' });
    const auth = memoryAuthState();
    await linkWithoutScan(sim, auth, '6280000000042', 'Linked');
    expect(auth.creds.me?.id).toBe('6280000000042:1@s.whatsapp.net');
    expect(auth.creds.account?.deviceSignature?.length).toBe(64);
    expect(sim.prekeyCount('6280000000042')).toBe(10);
    const client = connectBaileys(sim, auth);
    await client.opened;
    expect(client.events.some((e) => e.name === 'connection.update' && !!(e.data as { qr?: string }).qr)).toBe(false);
    const id = await sim.sendFrom(contact.phone, { text: 'to the linked device' }, { to: '6280000000042' });
    const upsert = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    expect(upsert.messages.find((m) => m.key.id === id)?.message?.conversation).toBe('to the linked device');
    // One prekey went to the contact's session; none were uploaded at login.
    expect(sim.prekeyCount('6280000000042')).toBe(9);
    client.end();
  });

  it('refuses a login with unknown creds (401)', async () => {
    const auth = memoryAuthState();
    auth.creds.me = { id: '6289999999999:7@s.whatsapp.net', name: 'x' };
    const client = connectBaileys(sim, auth);
    expect(await client.closed).toBe(DisconnectReason.loggedOut);
  });
});

describe('pairing code', () => {
  it('pairs with requestPairingCode: code typed on the phone, key bundle checked, 515, login', async () => {
    const phone = '6280000000003';
    const auth = memoryAuthState();
    const first = connectBaileys(sim, auth);
    await first.waitForEvent('connection.update', (u) => !!u.qr);
    const code = await first.sock.requestPairingCode(phone);
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    const paired = await sim.enterPairingCode(code, { phone });
    expect(paired.jid).toBe(`${phone}:1@s.whatsapp.net`);
    expect(await first.closed).toBe(DisconnectReason.restartRequired);
    const client = connectBaileys(sim, auth);
    await client.opened;
    expect(auth.creds.me?.id).toBe(`${phone}:1@s.whatsapp.net`);
    expect(auth.creds.registered).toBe(true);
    client.end();
  });

  it('a wrong code does not pair', async () => {
    const phone = '6280000000004';
    const first = connectBaileys(sim, memoryAuthState());
    await first.waitForEvent('connection.update', (u) => !!u.qr);
    await first.sock.requestPairingCode(phone);
    await expect(sim.enterPairingCode('WRONGCOD', { phone })).rejects.toThrow(/wrong code|does not match/);
    first.end();
  });
});

// Faults of the service as a whole: WhatsApp unreachable, and a client version it no longer serves.
describe('availability faults', () => {
  it('requireClientVersion: an older client version is refused at login with 405, a current one logs in', async () => {
    const phone = '6280000000031';
    const auth = memoryAuthState();
    (await pairWithQr(sim, auth, phone)).end();
    const current = DEFAULT_CONNECTION_CONFIG.version;
    sim.requireClientVersion(current.join('.'));
    try {
      const old = connectBaileys(sim, auth, { version: [current[0], current[1], current[2] - 1] });
      expect(await old.closed).toBe(405);
      expect(sim.clientVersions().at(-1)).toBe(`${current[0]}.${current[1]}.${current[2] - 1}`);
      const fresh = connectBaileys(sim, auth, { version: current });
      await fresh.opened;
      expect(sim.clientVersions().at(-1)).toBe(current.join('.'));
      fresh.end();
    } finally {
      sim.requireClientVersion(null);
    }
  });

  it('goOffline: open connections die, new ones are refused; after comeBack the same address answers', async () => {
    const phone = '6280000000032';
    const auth = memoryAuthState();
    const client = await pairWithQr(sim, auth, phone);
    await sim.goOffline();
    try {
      expect(await client.closed).toBe(DisconnectReason.connectionClosed);
      const refused = connectBaileys(sim, auth);
      // Baileys reports a refused connection (ECONNREFUSED) as 408
      expect(await refused.closed).toBe(DisconnectReason.timedOut);
    } finally {
      await sim.comeBack();
    }
    const again = connectBaileys(sim, auth);
    await again.opened;
    again.end();
  });
});
