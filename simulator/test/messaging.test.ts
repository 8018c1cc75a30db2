import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadMediaMessage, proto, type WAMessage } from '@whiskeysockets/baileys';
import { decryptMedia, type Simulator } from '../src/index.js';
import type { TestClient } from '../src/testing.js';
import { startPairedClient } from './paired-client.js';

const ME = '6280000000002';
const BUDI = '6281234567890';
const SITI = '6281234567891';
/** Written to by one test only, so it is a new contact whatever ran before. */
const ANI = '6281234567892';
let sim: Simulator;
let client: TestClient;

let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, client, close } = await startPairedClient(ME, { [BUDI]: 'Budi', [SITI]: 'Siti', [ANI]: 'Ani' }));
});
afterAll(async () => close?.());

const upserts = (c: TestClient): WAMessage[] =>
  c.events.filter((e) => e.name === 'messages.upsert').flatMap((e) => (e.data as { messages: WAMessage[] }).messages);

describe('outgoing', () => {
  it('sends text to a new contact; the contact decrypts it', async () => {
    const sent = await client.sock.sendMessage(`${ANI}@s.whatsapp.net`, { text: 'halo Ani' });
    const [m] = await sim.waitForSent(ANI);
    expect(m!.kind).toBe('text');
    expect(m!.text).toBe('halo Ani');
    expect(m!.id).toBe(sent!.key.id);
    expect(m!.decryptedBy).toContain(ANI);
    expect(sim.decryptFailures()).toEqual([]);
  });

  it('sends an image; caption and bytes decrypted from the media server', async () => {
    const bytes = randomBytes(5000);
    await client.sock.sendMessage(`${SITI}@s.whatsapp.net`, { image: bytes, caption: 'foto', mimetype: 'image/png' });
    const [m] = await sim.waitForSent(SITI, { pred: (x) => x.kind === 'image' });
    expect(m!.mediaError).toBeUndefined();
    expect(m!.caption).toBe('foto');
    expect(m!.mimetype).toBe('image/png');
    expect(m!.bytes?.equals(bytes)).toBe(true);
    // the same bytes, fetched over HTTPS from the URL in the message and decrypted with its media key
    const img = m!.message.imageMessage!;
    const res = await fetch(img.url!);
    expect(res.ok).toBe(true);
    const file = Buffer.from(await res.arrayBuffer());
    expect(decryptMedia(file, img.mediaKey!, 'image', img).equals(bytes)).toBe(true);
  });

  it('records every stanza, so a duplicate send of one message id is visible', async () => {
    const msg = { conversation: 'sekali saja' };
    await client.sock.relayMessage(`${SITI}@s.whatsapp.net`, msg, { messageId: 'DUP0000000000001' });
    await client.sock.relayMessage(`${SITI}@s.whatsapp.net`, msg, { messageId: 'DUP0000000000001' });
    const list = await sim.waitForSent(SITI, { count: 2, pred: (x) => x.id === 'DUP0000000000001' });
    expect(list.map((x) => x.text)).toEqual(['sekali saja', 'sekali saja']);
  });

  it('sends a document; filename, mimetype and bytes arrive', async () => {
    const bytes = Buffer.from(`%PDF-1.4 ${randomBytes(3000).toString('hex')}`);
    await client.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { document: bytes, fileName: 'invoice.pdf', mimetype: 'application/pdf' });
    const [m] = await sim.waitForSent(BUDI, { pred: (x) => x.kind === 'document' });
    expect(m!.fileName).toBe('invoice.pdf');
    expect(m!.mimetype).toBe('application/pdf');
    expect(m!.bytes?.equals(bytes)).toBe(true);
  });

  it('sends audio and a reaction', async () => {
    const bytes = randomBytes(2048);
    const sent = await client.sock.sendMessage(`${SITI}@s.whatsapp.net`, { audio: bytes, mimetype: 'audio/mp4' });
    const [a] = await sim.waitForSent(SITI, { pred: (x) => x.kind === 'audio' });
    expect(a!.bytes?.equals(bytes)).toBe(true);
    await client.sock.sendMessage(`${SITI}@s.whatsapp.net`, { react: { text: '👍', key: sent!.key } });
    const [r] = await sim.waitForSent(SITI, { pred: (x) => x.kind === 'reaction' });
    expect(r).toMatchObject({ text: '👍', reactedId: sent!.key.id });
  });

  it('revokes (delete for everyone)', async () => {
    const sent = await client.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { text: 'oops' });
    const id = sent!.key.id!; // Baileys later rewrites sent.key when it processes its own revoke
    await sim.waitForSent(BUDI, { pred: (x) => x.id === id });
    await client.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { delete: { ...sent!.key } });
    const [r] = await sim.waitForSent(BUDI, { pred: (x) => x.kind === 'revoke' });
    expect(r!.revokedId).toBe(id);
  });

  it('delivery and read receipts reach Baileys as status updates', async () => {
    sim.setReceiptMode('manual');
    const sent = await client.sock.sendMessage(`${SITI}@s.whatsapp.net`, { text: 'receipt me' });
    const id = sent!.key.id!;
    await sim.waitForSent(SITI, { pred: (x) => x.id === id });
    expect(client.statusOf(id)).toBeLessThan(proto.WebMessageInfo.Status.DELIVERY_ACK);
    sim.receipt(SITI, id, 'delivery');
    await client.waitForStatus(id, proto.WebMessageInfo.Status.DELIVERY_ACK);
    sim.receipt(SITI, id, 'read');
    await client.waitForStatus(id, proto.WebMessageInfo.Status.READ);
    sim.setReceiptMode('auto');
  });
});

describe('incoming', () => {
  it('delivers text that Baileys decrypts', async () => {
    const id = await sim.sendFrom(BUDI, { text: 'apa kabar?' });
    await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    const m = upserts(client).find((x) => x.key.id === id)!;
    expect(m.key.fromMe).toBe(false);
    expect(m.message?.conversation).toBe('apa kabar?');
    expect(m.pushName).toBe('Budi');
    expect([m.key.remoteJid, m.key.remoteJidAlt]).toContain(`${BUDI}@s.whatsapp.net`);
    // Baileys acknowledges with a delivery receipt
    await expect.poll(() => sim.clientReceipts().some((r) => r.id === id)).toBe(true);
  });

  it('delivers an image that Baileys downloads and decrypts', async () => {
    const bytes = randomBytes(7000);
    const id = await sim.sendFrom(SITI, { image: { bytes, caption: 'lihat', mimetype: 'image/jpeg' } });
    await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    const m = upserts(client).find((x) => x.key.id === id)!;
    expect(m.message?.imageMessage?.caption).toBe('lihat');
    const got = await downloadMediaMessage(m, 'buffer', {});
    expect(Buffer.from(got).equals(bytes)).toBe(true);
  });

  it('delivers a video and a voice note that Baileys downloads', async () => {
    const video = randomBytes(9000);
    const vid = await sim.sendFrom(BUDI, { video: { bytes: video, caption: 'klip' } });
    const voice = randomBytes(3000);
    const aid = await sim.sendFrom(BUDI, { audio: { bytes: voice, ptt: true } });
    await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === aid));
    const v = upserts(client).find((x) => x.key.id === vid)!;
    expect(v.message?.videoMessage?.caption).toBe('klip');
    expect(Buffer.from(await downloadMediaMessage(v, 'buffer', {})).equals(video)).toBe(true);
    const a = upserts(client).find((x) => x.key.id === aid)!;
    expect(a.message?.audioMessage?.ptt).toBe(true);
    expect(Buffer.from(await downloadMediaMessage(a, 'buffer', {})).equals(voice)).toBe(true);
  });

  it('delivers a LID-addressed message (from=<lid>@lid, sender_pn)', async () => {
    const id = await sim.sendFrom(SITI, { text: 'via lid' }, { addressing: 'lid' });
    await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    const m = upserts(client).find((x) => x.key.id === id)!;
    expect(m.message?.conversation).toBe('via lid');
    expect(m.key.remoteJid).toMatch(/@lid$/);
    expect(m.key.remoteJidAlt).toBe(`${SITI}@s.whatsapp.net`);
  });

  it('replies in an existing session both ways', async () => {
    // The session exists once a message went each way, whatever ran before.
    const first = await sim.sendFrom(BUDI, { text: 'hello first' });
    await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === first));
    await client.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { text: 'after incoming' });
    await sim.waitForSent(BUDI, { pred: (x) => x.text === 'after incoming' });
    const id = await sim.sendFrom(BUDI, { document: { bytes: Buffer.from('hello doc'), fileName: 'a.txt', mimetype: 'text/plain' } });
    await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    const m = upserts(client).find((x) => x.key.id === id)!;
    expect(m.message?.documentMessage?.fileName).toBe('a.txt');
    expect(sim.decryptFailures()).toEqual([]);
    expect(sim.errors()).toEqual([]);
  });
});
