import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import type { TestClient } from '../src/testing.js';
import { startPairedClient } from './paired-client.js';

const ME = '6280000000021';
const A = '6281111111111';
const B = '6282222222222';
let sim: Simulator;
let client: TestClient;

let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, client, close } = await startPairedClient(ME, { [A]: 'Ani', [B]: 'Bayu' }));
});
afterAll(async () => close?.());

describe('groups', () => {
  it('creates a group, reads its metadata and sends sender-key text every member decrypts', async () => {
    const meta = await client.sock.groupCreate('Tim Gudang', [`${A}@s.whatsapp.net`, `${B}@s.whatsapp.net`]);
    expect(meta.id).toMatch(/@g\.us$/);
    expect(meta.subject).toBe('Tim Gudang');
    const again = await client.sock.groupMetadata(meta.id);
    expect(again.participants.map((p) => p.id).sort()).toEqual([`${A}@s.whatsapp.net`, `${B}@s.whatsapp.net`, `${ME}@s.whatsapp.net`].sort());

    await client.sock.sendMessage(meta.id, { text: 'halo tim' });
    const [m] = await sim.waitForSent(meta.id);
    expect(m!.text).toBe('halo tim');
    expect(m!.decryptedBy.sort()).toEqual([A, B].sort());
    // each member's delivery receipt reaches Baileys (message-receipt.update, or folded into the upsert)
    await expect.poll(() => client.receiptUsersOf(m!.id).sort(), { timeout: 10_000 }).toEqual([`${A}@s.whatsapp.net`, `${B}@s.whatsapp.net`].sort());

    // second message reuses the distributed sender key (skmsg only)
    await client.sock.sendMessage(meta.id, { text: 'kedua' });
    const list = await sim.waitForSent(meta.id, { count: 2 });
    expect(list[1]!.text).toBe('kedua');
    expect(list[1]!.decryptedBy.sort()).toEqual([A, B].sort());
    expect(sim.decryptFailures()).toEqual([]);
  });

  it('receives group text from a contact in a group it did not create, and replies', async () => {
    const g = sim.createGroup('Keluarga', { owner: A, members: [B, ME] });
    const id = await sim.sendFrom(B, { text: 'halo semua' }, { group: g.id });
    const up = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    const m = up.messages.find((x) => x.key.id === id)!;
    expect(m.key.remoteJid).toBe(g.id);
    expect(m.key.participant).toBe(`${B}@s.whatsapp.net`);
    expect(m.message?.conversation).toBe('halo semua');
    // a second message uses the sender key Baileys already has
    const id2 = await sim.sendFrom(B, { text: 'lagi' }, { group: g.id });
    const up2 = await client.waitForEvent('messages.upsert', (u) => u.messages.some((x) => x.key.id === id2));
    expect(up2.messages.find((x) => x.key.id === id2)?.message?.conversation).toBe('lagi');

    const meta = await client.sock.groupMetadata(g.id);
    expect(meta.subject).toBe('Keluarga');
    await client.sock.sendMessage(g.id, { text: 'siap' });
    const [r] = await sim.waitForSent(g.id);
    expect(r!.text).toBe('siap');
    expect(r!.decryptedBy.sort()).toEqual([A, B].sort());
  });

  it('LID-addressed groups: members as @lid with their phone numbers, both directions', async () => {
    const g = sim.createGroup('Grup LID', { owner: A, members: [B, ME], addressing: 'lid' });
    const meta = await client.sock.groupMetadata(g.id);
    expect(meta.addressingMode).toBe('lid');
    const b = meta.participants.find((p) => p.phoneNumber === `${B}@s.whatsapp.net`);
    expect(b?.id).toMatch(/@lid$/);
    const id = await sim.sendFrom(B, { text: 'dari lid' }, { group: g.id });
    const up = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    const m = up.messages.find((x) => x.key.id === id)!;
    expect(m.key.participant).toBe(b!.id);
    expect(m.key.participantAlt).toBe(`${B}@s.whatsapp.net`);
    expect(m.message?.conversation).toBe('dari lid');
    await client.sock.sendMessage(g.id, { text: 'balas lid' });
    const [r] = await sim.waitForSent(g.id);
    expect(r!.text).toBe('balas lid');
    expect(r!.decryptedBy.sort()).toEqual([A, B].sort());
    expect(sim.decryptFailures()).toEqual([]);
  });
});
