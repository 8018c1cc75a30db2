// Every kind of message the gateway can send, sent by a bare Baileys client: the fake contact
// decrypts it and the record shows exactly what arrived (media bytes, coordinates, vCards, poll,
// reaction, quote, mentions, edit).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import type { TestClient } from '../src/testing.js';
import { startPairedClient } from './paired-client.js';

const ME = '6280000000031';
const RINA = '6281234567831';
const TONO = '6281234567832';
const jid = (phone: string) => `${phone}@s.whatsapp.net`;
let sim: Simulator;
let client: TestClient;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, client, close } = await startPairedClient(ME, { [RINA]: 'Rina', [TONO]: 'Tono' }));
});
afterAll(async () => close?.());

/** Sends and waits for the contact's record of that very stanza. */
async function sendAndRead(to: string, content: Parameters<TestClient['sock']['sendMessage']>[1], options?: Parameters<TestClient['sock']['sendMessage']>[2]) {
  const sent = await client.sock.sendMessage(jid(to), content, options);
  const id = sent!.key.id!;
  const [m] = await sim.waitForSent(to, { pred: (x) => x.id === id });
  return { m: m!, sent: sent!, id };
}

describe('media kinds', () => {
  it('video: caption and bytes decrypted from the media server', async () => {
    const bytes = randomBytes(6000);
    const { m } = await sendAndRead(RINA, { video: bytes, caption: 'klip', mimetype: 'video/mp4' });
    expect(m).toMatchObject({ kind: 'video', caption: 'klip', mimetype: 'video/mp4' });
    expect(m.mediaError).toBeUndefined();
    expect(m.bytes?.equals(bytes)).toBe(true);
  });

  it('voice note: audio with the ptt flag, and plain audio without it', async () => {
    const voice = randomBytes(3000);
    const { m: ptt } = await sendAndRead(RINA, { audio: voice, ptt: true, mimetype: 'audio/ogg; codecs=opus' });
    expect(ptt).toMatchObject({ kind: 'audio', ptt: true, mimetype: 'audio/ogg; codecs=opus' });
    expect(ptt.bytes?.equals(voice)).toBe(true);
    const { m: plain } = await sendAndRead(RINA, { audio: randomBytes(1000), mimetype: 'audio/mpeg' });
    expect(plain.kind).toBe('audio');
    expect(plain.ptt).toBeUndefined();
  });

  it('sticker: WebP bytes decrypted with the image keys', async () => {
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([40, 0, 0, 0]), Buffer.from('WEBPVP8 '), randomBytes(64)]);
    const { m } = await sendAndRead(TONO, { sticker: webp, mimetype: 'image/webp' });
    expect(m).toMatchObject({ kind: 'sticker', mimetype: 'image/webp' });
    expect(m.bytes?.equals(webp)).toBe(true);
  });
});

describe('structured kinds', () => {
  it('location: coordinates, name and address', async () => {
    const { m } = await sendAndRead(TONO, { location: { degreesLatitude: -6.2, degreesLongitude: 106.816666, name: 'Monas', address: 'Jakarta' } });
    expect(m).toMatchObject({ kind: 'location', location: { latitude: -6.2, longitude: 106.816666, name: 'Monas', address: 'Jakarta' } });
  });

  it('contacts: one card, and several, with their vCard text', async () => {
    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Budi\nTEL;type=CELL;waid=6281234567890:+62 812-3456-7890\nEND:VCARD';
    const { m: one } = await sendAndRead(TONO, { contacts: { displayName: 'Budi', contacts: [{ displayName: 'Budi', vcard }] } });
    expect(one).toMatchObject({ kind: 'contacts', contacts: [{ displayName: 'Budi', vcard }] });
    const other = vcard.replace('Budi', 'Siti');
    const { m: two } = await sendAndRead(TONO, {
      contacts: {
        displayName: '2 contacts',
        contacts: [
          { displayName: 'Budi', vcard },
          { displayName: 'Siti', vcard: other },
        ],
      },
    });
    expect(two.contacts?.map((c) => c.vcard)).toEqual([vcard, other]);
  });

  it('poll: name, options and selectable count, single and multiple choice', async () => {
    const { m: single } = await sendAndRead(RINA, { poll: { name: 'Lunch?', values: ['Nasi', 'Mie'], selectableCount: 1 } });
    expect(single).toMatchObject({ kind: 'poll', poll: { name: 'Lunch?', options: ['Nasi', 'Mie'], selectableCount: 1 } });
    const { m: multi } = await sendAndRead(RINA, { poll: { name: 'Toppings', values: ['a', 'b', 'c'], selectableCount: 2 } });
    expect(multi.poll).toEqual({ name: 'Toppings', options: ['a', 'b', 'c'], selectableCount: 2 });
  });
});

describe('references', () => {
  it('reaction and its removal name the target id', async () => {
    const { sent, id } = await sendAndRead(RINA, { text: 'react to me' });
    const { m } = await sendAndRead(RINA, { react: { text: '❤️', key: sent.key } });
    expect(m).toMatchObject({ kind: 'reaction', reactedId: id, text: '❤️' });
    const { m: removed } = await sendAndRead(RINA, { react: { text: '', key: sent.key } });
    expect(removed).toMatchObject({ kind: 'reaction', reactedId: id, text: '' });
  });

  it('a reply carries the quoted id; mentions carry the JIDs', async () => {
    const { sent, id } = await sendAndRead(TONO, { text: 'original' });
    const { m: reply } = await sendAndRead(TONO, { text: 'the reply' }, { quoted: { key: sent.key, message: { conversation: 'original' } } });
    expect(reply).toMatchObject({ kind: 'text', text: 'the reply', quotedId: id });
    const { m: mention } = await sendAndRead(TONO, { text: `hi @${RINA}`, mentions: [jid(RINA)] });
    expect(mention).toMatchObject({ kind: 'text', mentions: [jid(RINA)] });
    expect(mention.quotedId).toBeUndefined();
  });

  it('edit: MESSAGE_EDIT of the target id with the new text', async () => {
    const { sent, id } = await sendAndRead(TONO, { text: 'typo' });
    const { m } = await sendAndRead(TONO, { text: 'fixed', edit: sent.key });
    expect(m).toMatchObject({ kind: 'edit', editedId: id, text: 'fixed' });
    expect(sim.decryptFailures()).toEqual([]);
  });
});
