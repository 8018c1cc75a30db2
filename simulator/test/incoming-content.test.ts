// Every kind of message a contact's phone sends besides text and media, decoded by a bare Baileys
// client: what the simulator builds is what WhatsApp would deliver.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPollVote, downloadMediaMessage, proto, type WAMessage } from '@whiskeysockets/baileys';
import type { IncomingContent, Simulator } from '../src/index.js';
import type { TestClient } from '../src/testing.js';
import { startPairedClient } from './paired-client.js';

const ME = '6280000000012';
const BUDI = '6281234567810';
const SITI = '6281234567811';
let sim: Simulator;
let client: TestClient;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, client, close } = await startPairedClient(ME, { [BUDI]: 'Budi', [SITI]: 'Siti' }));
});
afterAll(async () => close?.());

/** Sends as the contact and returns the message Baileys decrypted. */
async function deliver(from: string, content: IncomingContent): Promise<WAMessage> {
  const id = await sim.sendFrom(from, content);
  const event = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
  return event.messages.find((m) => m.key.id === id)!;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('incoming content kinds', () => {
  it('a reaction to a message the account sent names that message and the emoji; an empty emoji takes it back', async () => {
    const sent = await client.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { text: 'react to me' });
    const target = sent!.key.id!;
    await sim.waitForSent(BUDI, { pred: (m) => m.id === target }); // the contact has the message before it reacts
    const reaction = await deliver(BUDI, { reaction: { to: { id: target }, emoji: '👍' } });
    // Baileys turns the key to the account's side: the reacted message is the account's own
    expect(reaction.message?.reactionMessage).toMatchObject({ text: '👍', key: { id: target, fromMe: true } });
    const removed = await deliver(BUDI, { reaction: { to: { id: target }, emoji: '' } });
    expect(removed.message?.reactionMessage).toMatchObject({ text: '', key: { id: target } });
  });

  it('an edit of its own earlier message carries the target id and the new text', async () => {
    const first = await deliver(BUDI, { text: 'helo' });
    const edit = await deliver(BUDI, { edit: { id: first.key.id!, text: 'hello' } });
    const pm = edit.message?.protocolMessage;
    expect(pm?.type).toBe(proto.Message.ProtocolMessage.Type.MESSAGE_EDIT);
    expect(pm?.key?.id).toBe(first.key.id);
    expect(pm?.editedMessage?.conversation).toBe('hello');
  });

  it('a revoke names its own earlier message', async () => {
    const first = await deliver(SITI, { text: 'salah kirim' });
    const revoke = await deliver(SITI, { revoke: { id: first.key.id! } });
    expect(revoke.message?.protocolMessage).toMatchObject({ type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: first.key.id } });
  });

  it('a location and a live location keep coordinates, name and address', async () => {
    const pin = await deliver(BUDI, { location: { latitude: -6.2, longitude: 106.816666, name: 'Monas', address: 'Jakarta Pusat' } });
    expect(pin.message?.locationMessage).toMatchObject({ degreesLatitude: -6.2, degreesLongitude: 106.816666, name: 'Monas', address: 'Jakarta Pusat' });
    const live = await deliver(BUDI, { location: { latitude: 1.5, longitude: 2.5, live: true, caption: 'on my way' } });
    expect(live.message?.liveLocationMessage).toMatchObject({ degreesLatitude: 1.5, degreesLongitude: 2.5, caption: 'on my way' });
  });

  it('one contact card and several arrive with their vCards', async () => {
    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Ani\nTEL;type=CELL;waid=6281111:+62 811 11\nEND:VCARD';
    const one = await deliver(SITI, { contacts: [{ vcard, displayName: 'Ani' }] });
    expect(one.message?.contactMessage).toMatchObject({ vcard, displayName: 'Ani' });
    const two = await deliver(SITI, { contacts: [{ vcard }, { vcard: vcard.replace('Ani', 'Eko') }] });
    expect(two.message?.contactsArrayMessage?.contacts?.map((c) => c.vcard)).toEqual([vcard, vcard.replace('Ani', 'Eko')]);
  });

  it('a poll carries question, options, selectable count and its messageSecret', async () => {
    const secret = randomBytes(32);
    const single = await deliver(BUDI, { poll: { question: 'Kopi?', options: ['ya', 'tidak'], messageSecret: secret } });
    expect(single.message?.pollCreationMessageV3).toMatchObject({
      name: 'Kopi?',
      selectableOptionsCount: 1,
      options: [{ optionName: 'ya' }, { optionName: 'tidak' }],
    });
    expect(Buffer.from(single.message!.messageContextInfo!.messageSecret!).equals(secret)).toBe(true);
    const multi = await deliver(BUDI, { poll: { question: 'Topping?', options: ['keju', 'coklat', 'kacang'], selectableCount: 2 } });
    expect(multi.message?.pollCreationMessage?.selectableOptionsCount).toBe(2);
  });

  it('a vote in a poll the account sent decrypts with the poll secret to the chosen options', async () => {
    const sent = await client.sock.sendMessage(`${SITI}@s.whatsapp.net`, {
      poll: { name: 'Jam berapa?', values: ['09:00', '10:00', '11:00'], selectableCount: 2 },
    });
    const pollId = sent!.key.id!;
    const [seen] = await sim.waitForSent(SITI, { pred: (m) => m.id === pollId });
    const secret = seen!.message.messageContextInfo!.messageSecret!;
    const vote = await deliver(SITI, { pollVote: { poll: { id: pollId, secret }, options: ['10:00', '11:00'] } });
    const update = vote.message!.pollUpdateMessage!;
    expect(update.pollCreationMessageKey).toMatchObject({ id: pollId, fromMe: true });
    const decrypted = decryptPollVote(update.vote!, {
      pollCreatorJid: `${ME}@s.whatsapp.net`,
      pollMsgId: pollId,
      pollEncKey: secret,
      voterJid: `${SITI}@s.whatsapp.net`,
    });
    expect(decrypted.selectedOptions.map((o) => Buffer.from(o).toString('hex'))).toEqual([sha256('10:00'), sha256('11:00')]);
    // The wrong secret does not decrypt.
    expect(() =>
      decryptPollVote(update.vote!, {
        pollCreatorJid: `${ME}@s.whatsapp.net`,
        pollMsgId: pollId,
        pollEncKey: randomBytes(32),
        voterJid: `${SITI}@s.whatsapp.net`,
      }),
    ).toThrow();
  });

  it('a vote in its own poll names the contact as the poll creator', async () => {
    const secret = randomBytes(32);
    const poll = await deliver(BUDI, { poll: { question: 'Mana?', options: ['A', 'B'], messageSecret: secret } });
    const vote = await deliver(BUDI, { pollVote: { poll: { id: poll.key.id!, secret, fromMe: true }, options: ['B'] } });
    const update = vote.message!.pollUpdateMessage!;
    expect(update.pollCreationMessageKey).toMatchObject({ id: poll.key.id, fromMe: false });
    const decrypted = decryptPollVote(update.vote!, {
      pollCreatorJid: `${BUDI}@s.whatsapp.net`,
      pollMsgId: poll.key.id!,
      pollEncKey: secret,
      voterJid: `${BUDI}@s.whatsapp.net`,
    });
    expect(decrypted.selectedOptions.map((o) => Buffer.from(o).toString('hex'))).toEqual([sha256('B')]);
  });

  it('a reply quotes the earlier message: stanzaId and participant, on text and on media', async () => {
    const sent = await client.sock.sendMessage(`${BUDI}@s.whatsapp.net`, { text: 'quote me' });
    await sim.waitForSent(BUDI, { pred: (m) => m.id === sent!.key.id });
    const reply = await deliver(BUDI, { reply: { to: { id: sent!.key.id! }, content: { text: 'quoted you' } } });
    expect(reply.message?.extendedTextMessage).toMatchObject({
      text: 'quoted you',
      contextInfo: { stanzaId: sent!.key.id, participant: `${ME}@s.whatsapp.net` },
    });
    const own = await deliver(BUDI, { text: 'mine' });
    const image = await deliver(BUDI, { reply: { to: { id: own.key.id!, fromMe: true }, content: { image: { bytes: randomBytes(500), caption: 'see' } } } });
    expect(image.message?.imageMessage?.contextInfo).toMatchObject({ stanzaId: own.key.id, participant: `${BUDI}@s.whatsapp.net` });
  });

  it('a sticker arrives and downloads to the bytes sent', async () => {
    const bytes = randomBytes(4000);
    const sticker = await deliver(SITI, { sticker: { bytes } });
    expect(sticker.message?.stickerMessage?.mimetype).toBe('image/webp');
    expect(Buffer.from(await downloadMediaMessage(sticker, 'buffer', {})).equals(bytes)).toBe(true);
    expect(sim.decryptFailures()).toEqual([]);
  });
});
