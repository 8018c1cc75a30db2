// Contacts are hostile: whatever they put in a message, the webhook gets bounded fields and the
// host keeps running. Each test writes from its own contact and ends with a plain text that must
// still arrive after the hostile one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WEBHOOK_EVENTS } from '../shared/src/api/webhook-events.js';
import type { IncomingContent } from '../simulator/src/index.js';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { receivedEventOf } from '../test-support/incoming.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

let gw: Gateway;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  gw = await startGateway();
  receiver = await startWebhookReceiver();
  const token = await gw.pairSession('hostile', '6280000000032', 'Hostile Inbox');
  await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'hostile', url: receiver.url }, headers: { authorization: `Bearer ${token}` } });
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

let nextContact = 0;
function contact(name = `Stranger ${nextContact}`): string {
  const phone = `62866600${String(nextContact++).padStart(5, '0')}`;
  gw.sim.addContact(phone, { name });
  return phone;
}

const sendAndReceive = (from: string, content: IncomingContent, event?: keyof typeof WEBHOOK_EVENTS) => receivedEventOf(gw, receiver, from, content, event);

/** The host still takes messages from this contact after the hostile one. */
async function stillWorks(from: string): Promise<void> {
  const after = await sendAndReceive(from, { text: 'still there?' });
  expect(after.data.text).toBe('still there?');
}

describe('hostile incoming content is bounded', () => {
  it('a poll with 1,000 long options keeps the first 32, cut (flagged); votes still match cut options, a dropped option counts as unknown', async () => {
    const from = contact();
    const secret = randomBytes(32);
    const options = Array.from({ length: 1000 }, (_, i) => `option ${i} ${'x'.repeat(300)}`);
    const poll = await sendAndReceive(from, { poll: { question: 'q'.repeat(5000), options, selectableCount: 1000, messageSecret: secret } });
    expect(poll.data.poll.options).toHaveLength(32);
    expect(poll.data.poll.options[0]).toBe(options[0]!.slice(0, 256));
    expect(poll.data.poll).toMatchObject({ options_truncated: true, selectableCount: 32 });
    expect(poll.data.poll.question).toHaveLength(1024);
    const vote = await sendAndReceive(
      from,
      { pollVote: { poll: { id: poll.data.id, secret, fromMe: true }, options: [options[1]!, options[900]!] } },
      'message.poll_vote',
    );
    expect(vote.data).toMatchObject({ options: [options[1]!.slice(0, 256)], unknown_options: 1 });
    await stillWorks(from);
  });

  it('a vote with thousands of chosen options reports at most 32 of them', async () => {
    const from = contact();
    const secret = randomBytes(32);
    const poll = await sendAndReceive(from, { poll: { question: 'pick', options: ['a', 'b'], selectableCount: 0, messageSecret: secret } });
    const many = Array.from({ length: 5000 }, (_, i) => `bogus ${i}`);
    const vote = await sendAndReceive(from, { pollVote: { poll: { id: poll.data.id, secret, fromMe: true }, options: ['b', ...many] } }, 'message.poll_vote');
    expect(vote.data).toMatchObject({ options: ['b'], unknown_options: 31 });
    await stillWorks(from);
  });

  it('a forged vote (wrong secret) is reported undecryptable, not guessed', async () => {
    const from = contact();
    const poll = await sendAndReceive(from, { poll: { question: 'real?', options: ['yes', 'no'], messageSecret: randomBytes(32) } });
    const vote = await sendAndReceive(
      from,
      { pollVote: { poll: { id: poll.data.id, secret: randomBytes(32), fromMe: true }, options: ['yes'] } },
      'message.poll_vote',
    );
    expect(vote.data).toMatchObject({ poll_id: poll.data.id, error: 'undecryptable vote' });
    expect(vote.data).not.toHaveProperty('options');
    await stillWorks(from);
  });

  it('a 1 MB vCard is not passed on (its size is), the name and numbers are read from its start; 50 cards become 10', async () => {
    const from = contact();
    const vcard = `BEGIN:VCARD\nVERSION:3.0\nFN:Big Card\nTEL:+62811\nPHOTO;ENCODING=b:${'A'.repeat(1024 * 1024)}\nEND:VCARD`;
    const big = await sendAndReceive(from, { contacts: [{ vcard }] });
    expect(big.data.contacts).toEqual([{ vcard: null, vcard_size: vcard.length, name: { formatted_name: 'Big Card' }, phones: [{ phone: '+62811' }] }]);
    expect(JSON.stringify(big).length).toBeLessThan(10_000);
    const card = `BEGIN:VCARD\nFN:${'n'.repeat(5000)}\n${'TEL:+6281\n'.repeat(100)}END:VCARD`;
    const many = await sendAndReceive(from, { contacts: Array.from({ length: 50 }, () => ({ vcard: card })) });
    expect(many.data.contacts).toHaveLength(10);
    expect(many.data.contacts_truncated).toBe(true);
    expect(many.data.contacts[0].name.formatted_name).toHaveLength(1024);
    expect(many.data.contacts[0].phones).toHaveLength(20);
    await stillWorks(from);
  });

  it('over-long text, emoji, names and place fields are cut; impossible coordinates are left out', async () => {
    const from = contact('N'.repeat(3000));
    const text = await sendAndReceive(from, { text: 't'.repeat(100_000) });
    expect(text.data.text).toHaveLength(65_536);
    expect(text.data.pushName).toHaveLength(1024);
    const reaction = await sendAndReceive(from, { reaction: { to: { id: text.data.id, fromMe: true }, emoji: '😀'.repeat(1000) } }, 'message.reaction');
    expect(reaction.data.emoji).toBe('😀'.repeat(32));
    const place = await sendAndReceive(from, { location: { latitude: 1e308, longitude: -500, name: 'p'.repeat(9000), address: 'a'.repeat(9000) } });
    expect(place.data.location).toEqual({ name: 'p'.repeat(1024), address: 'a'.repeat(1024) });
    const edit = await sendAndReceive(from, { edit: { id: text.data.id, text: 'e'.repeat(100_000) } }, 'message.edited');
    expect(edit.data.text).toHaveLength(65_536);
    await stillWorks(from);
  });

  it('a video with a bogus mimetype is stored as application/octet-stream with the bytes sent', async () => {
    const from = contact();
    const bytes = randomBytes(4000);
    const video = await sendAndReceive(from, { video: { bytes, mimetype: 'video/mp4"; <script>', caption: 'c'.repeat(70_000) } });
    expect(video.data.media).toMatchObject({ mimetype: 'application/octet-stream', size: bytes.length, url: expect.stringMatching(/\.bin$/) });
    expect(video.data.text).toHaveLength(65_536);
    const res = await gw.stack.fetch(video.data.media.url);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    await stillWorks(from);
  });
});
