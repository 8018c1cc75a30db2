// Everything a contact sends reaches the webhook with its content: reactions, edits, revokes,
// locations, contact cards, polls and votes, replies, voice notes, videos and stickers. Each test
// writes from its own contact, so none depends on another.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WEBHOOK_EVENTS } from '../shared/src/api/webhook-events.js';
import type { IncomingContent } from '../simulator/src/index.js';
import type { Gateway } from '../test-support/gateway.js';
import { receivedEventOf, startInbox } from '../test-support/incoming.js';
import type { startWebhookReceiver } from '../test-support/webhook-receiver.js';

const SHOP = '6280000000031';
let gw: Gateway;
let token: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  ({ gw, receiver, token } = await startInbox('kinds', SHOP, 'Kinds Shop'));
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

let nextContact = 0;
/** A contact no other test writes from. */
function contact(): string {
  const phone = `62855500${String(nextContact++).padStart(5, '0')}`;
  gw.sim.addContact(phone, { name: `Contact ${nextContact}` });
  return phone;
}

const sendAndReceive = (from: string, content: IncomingContent, event?: keyof typeof WEBHOOK_EVENTS) => receivedEventOf(gw, receiver, from, content, event);

/** The gateway sends text to the contact (POST /messages); returns its id once the contact has it. */
async function sendToContact(to: string, body: string): Promise<string> {
  const res = await gw.stack.json('POST', '/api/v1/messages?sessionId=kinds', {
    body: { recipient_type: 'individual', to, type: 'text', text: { body } },
    headers: { authorization: `Bearer ${token}` },
  });
  const id = res.body[0].messageId as string;
  await gw.sim.waitForSent(to, { pred: (m) => m.id === id });
  return id;
}

describe('incoming kinds reach the webhook with their content', () => {
  it('a reaction names the reacted message and the emoji; an empty emoji is the reaction taken back', async () => {
    const budi = contact();
    const target = await sendToContact(budi, 'react to this');
    const added = await sendAndReceive(budi, { reaction: { to: { id: target }, emoji: '❤️' } }, 'message.reaction');
    expect(added.data).toMatchObject({ from: `${budi}@s.whatsapp.net`, message_id: target, emoji: '❤️', pushName: expect.any(String) });
    const removed = await sendAndReceive(budi, { reaction: { to: { id: target }, emoji: '' } }, 'message.reaction');
    expect(removed.data).toMatchObject({ message_id: target, emoji: '' });
  });

  it('an edit names the edited message and carries the new text', async () => {
    const siti = contact();
    const first = await sendAndReceive(siti, { text: 'see you at 9' });
    const edit = await sendAndReceive(siti, { edit: { id: first.data.id, text: 'see you at 10' } }, 'message.edited');
    expect(edit.data).toMatchObject({ from: `${siti}@s.whatsapp.net`, message_id: first.data.id, text: 'see you at 10' });
  });

  it('a revoke (delete for everyone) names the message and who deleted it', async () => {
    const eko = contact();
    const first = await sendAndReceive(eko, { text: 'wrong chat' });
    const revoke = await sendAndReceive(eko, { revoke: { id: first.data.id } }, 'message.revoked');
    expect(revoke.data).toMatchObject({ message_id: first.data.id, by: `${eko}@s.whatsapp.net`, from: `${eko}@s.whatsapp.net` });
  });

  it('a location and a live location arrive with coordinates, name and address', async () => {
    const ani = contact();
    const pin = await sendAndReceive(ani, { location: { latitude: -6.175392, longitude: 106.827153, name: 'Monas', address: 'Gambir, Jakarta Pusat' } });
    expect(pin.data).toMatchObject({
      type: 'locationMessage',
      location: { latitude: -6.175392, longitude: 106.827153, name: 'Monas', address: 'Gambir, Jakarta Pusat' },
    });
    const live = await sendAndReceive(ani, { location: { latitude: -7.25, longitude: 112.75, live: true, caption: 'otw' } });
    expect(live.data).toMatchObject({ type: 'liveLocationMessage', location: { latitude: -7.25, longitude: 112.75, comment: 'otw', live: true } });
  });

  it('contact cards arrive with the vCard text and the name and numbers read from it', async () => {
    const dewi = contact();
    const vcard =
      'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Putri;Rina;;;\r\nFN:Rina Putri\r\nitem1.TEL;waid=6281298765432:+62 812-9876-5432\r\nTEL;TYPE=WORK:+62 21 555 0100\r\nEND:VCARD';
    const one = await sendAndReceive(dewi, { contacts: [{ vcard, displayName: 'Rina' }] });
    expect(one.data.type).toBe('contactMessage');
    expect(one.data.contacts).toEqual([
      {
        vcard,
        name: { formatted_name: 'Rina Putri' },
        phones: [
          { phone: '+62 812-9876-5432', wa_id: '6281298765432' },
          { phone: '+62 21 555 0100', type: 'WORK' },
        ],
      },
    ]);
    const second = 'BEGIN:VCARD\nVERSION:3.0\nFN:Joko\nTEL:+628111\nEND:VCARD';
    const two = await sendAndReceive(dewi, { contacts: [{ vcard }, { vcard: second }] });
    expect(two.data.type).toBe('contactsArrayMessage');
    expect(two.data.contacts.map((c: { vcard: string }) => c.vcard)).toEqual([vcard, second]);
  });

  it("a contact's poll arrives with question, options and selectable count; its votes with the chosen options", async () => {
    const rudi = contact();
    const secret = randomBytes(32);
    const poll = await sendAndReceive(rudi, {
      poll: { question: 'Rapat hari apa?', options: ['Senin', 'Selasa', 'Rabu'], selectableCount: 2, messageSecret: secret },
    });
    expect(poll.data).toMatchObject({
      type: 'pollCreationMessage',
      poll: { question: 'Rapat hari apa?', options: ['Senin', 'Selasa', 'Rabu'], selectableCount: 2 },
    });
    expect(JSON.stringify(poll.data)).not.toContain(secret.toString('base64'));
    const vote = await sendAndReceive(
      rudi,
      { pollVote: { poll: { id: poll.data.id, secret, fromMe: true }, options: ['Selasa', 'Rabu'] } },
      'message.poll_vote',
    );
    expect(vote.data).toMatchObject({ from: `${rudi}@s.whatsapp.net`, poll_id: poll.data.id, question: 'Rapat hari apa?', options: ['Selasa', 'Rabu'] });
    const withdrawn = await sendAndReceive(rudi, { pollVote: { poll: { id: poll.data.id, secret, fromMe: true }, options: [] } }, 'message.poll_vote');
    expect(withdrawn.data).toMatchObject({ poll_id: poll.data.id, options: [] });
  });

  it('a vote on a poll the gateway sent decrypts with the secret the gateway kept', async () => {
    const tari = contact();
    const sent = await gw.stack.json('POST', '/api/v1/messages?sessionId=kinds', {
      body: { to: tari, type: 'poll', poll: { name: 'Warna?', options: ['merah', 'biru'], selectableCount: 1 } },
      headers: { authorization: `Bearer ${token}` },
    });
    const pollId = sent.body[0].messageId as string;
    const [seen] = await gw.sim.waitForSent(tari, { pred: (m) => m.id === pollId });
    const secret = seen!.message.messageContextInfo!.messageSecret!;
    const vote = await sendAndReceive(tari, { pollVote: { poll: { id: pollId, secret }, options: ['biru'] } }, 'message.poll_vote');
    expect(vote.data).toMatchObject({ poll_id: pollId, question: 'Warna?', options: ['biru'] });
  });

  it('a LID-addressed contact (from=<lid>@lid) votes with its LID in the key, and the vote still decrypts', async () => {
    const sari = contact();
    const secret = randomBytes(32);
    const pollId = await gw.sim.sendFrom(sari, { poll: { question: 'Lid?', options: ['a', 'b'], messageSecret: secret } }, { addressing: 'lid' });
    await receiver.waitFor((r) => r.body.data.id === pollId);
    const voteId = await gw.sim.sendFrom(sari, { pollVote: { poll: { id: pollId, secret, fromMe: true }, options: ['a'] } }, { addressing: 'lid' });
    const vote = await receiver.waitFor((r) => r.body.event === 'message.poll_vote' && r.body.data.id === voteId);
    expect(vote.body.data).toMatchObject({ from: `${sari}@s.whatsapp.net`, fromLid: expect.stringMatching(/@lid$/), poll_id: pollId, options: ['a'] });
  });

  it('a vote on a poll the gateway never saw says so instead of guessing', async () => {
    const wati = contact();
    const vote = await sendAndReceive(wati, { pollVote: { poll: { id: '3EB0UNKNOWNPOLL', secret: randomBytes(32) }, options: ['x'] } }, 'message.poll_vote');
    expect(vote.data).toMatchObject({ poll_id: '3EB0UNKNOWNPOLL', error: 'unknown poll' });
    expect(vote.data).not.toHaveProperty('options');
  });

  it('a reply carries context: the quoted message id and its author, on text and on media', async () => {
    const lina = contact();
    const ours = await sendToContact(lina, 'which size?');
    const reply = await sendAndReceive(lina, { reply: { to: { id: ours }, content: { text: 'size M' } } });
    expect(reply.data).toMatchObject({ text: 'size M', context: { message_id: ours, from: `${SHOP}@s.whatsapp.net` } });
    const own = await sendAndReceive(lina, { text: 'this one' });
    const photo = await sendAndReceive(lina, {
      reply: { to: { id: own.data.id, fromMe: true }, content: { image: { bytes: randomBytes(300), caption: 'pic' } } },
    });
    expect(photo.data).toMatchObject({ type: 'imageMessage', text: 'pic', context: { message_id: own.data.id, from: `${lina}@s.whatsapp.net` } });
  });

  it('voice notes, videos and stickers are stored in S3 with the bytes sent; voice notes say voice: true', async () => {
    const yani = contact();
    const cases: [IncomingContent, string, Record<string, unknown>][] = [];
    const voice = randomBytes(3000);
    const audio = randomBytes(2000);
    const video = randomBytes(9000);
    const sticker = randomBytes(1500);
    cases.push([{ audio: { bytes: voice, ptt: true } }, 'audioMessage', { mimetype: 'audio/ogg', voice: true }]);
    cases.push([{ audio: { bytes: audio, mimetype: 'audio/mpeg' } }, 'audioMessage', { mimetype: 'audio/mpeg' }]);
    cases.push([{ video: { bytes: video, caption: 'clip' } }, 'videoMessage', { mimetype: 'video/mp4' }]);
    cases.push([{ sticker: { bytes: sticker } }, 'stickerMessage', { mimetype: 'image/webp' }]);
    for (const [content, type, media] of cases) {
      const got = await sendAndReceive(yani, content);
      const bytes = Object.values(content)[0].bytes as Buffer;
      expect(got.data).toMatchObject({ type, media: { ...media, size: bytes.length, url: expect.stringMatching(/^\/media\//) } });
      if (!('voice' in media)) expect(got.data.media).not.toHaveProperty('voice');
      const res = await gw.stack.fetch(got.data.media.url);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });
});
