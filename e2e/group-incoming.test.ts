// What members send inside a group reaches the webhook with its content and its author: reactions,
// replies, edits, revokes, locations, polls and votes, in a phone-addressed and in a LID-addressed
// group. Each test makes its own group with its own members, so none depends on another.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WEBHOOK_EVENTS } from '../shared/src/api/webhook-events.js';
import type { ContactInfo, IncomingContent } from '../simulator/src/index.js';
import type { Gateway } from '../test-support/gateway.js';
import { receivedEventOf, startInbox } from '../test-support/incoming.js';
import type { startWebhookReceiver } from '../test-support/webhook-receiver.js';

const SHOP = '6280000000041';
const SESSION = 'group-in';
let gw: Gateway;
let token: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  ({ gw, receiver, token } = await startInbox(SESSION, SHOP, 'Group Shop'));
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

let nextMember = 0;
/** A person no other test writes from. */
function member(name: string): ContactInfo {
  return gw.sim.addContact(`62856600${String(nextMember++).padStart(5, '0')}`, { name });
}

/** The gateway sends into the group (POST /messages); returns the id once the members have it. */
async function sendToGroup(group: string, item: Record<string, unknown>): Promise<{ id: string; secret?: Uint8Array }> {
  const res = await gw.stack.json('POST', `/api/v1/messages?sessionId=${SESSION}`, {
    body: { recipient_type: 'group', to: group, ...item },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.body[0]).toMatchObject({ status: 'success' });
  const id = res.body[0].messageId as string;
  const [seen] = await gw.sim.waitForSent(group, { pred: (m) => m.id === id });
  return { id, secret: seen!.message.messageContextInfo?.messageSecret ?? undefined };
}

describe.each(['pn', 'lid'] as const)('in a %s-addressed group', (addressing) => {
  /** A new group of Ani (owner), Bayu and the account; `jid` names people as the group does. */
  async function newGroup() {
    const ani = member('Ani');
    const bayu = member('Bayu');
    const group = gw.sim.createGroup(`Grup ${addressing}`, { owner: ani.phone, members: [bayu.phone, SHOP], addressing }).id;
    const jid = (c: ContactInfo) => (addressing === 'lid' ? c.lid : c.jid);
    const send = (from: ContactInfo, content: IncomingContent, event?: keyof typeof WEBHOOK_EVENTS) =>
      receivedEventOf(gw, receiver, from.phone, content, event, { group });
    /** the author fields every event of a member's message carries: both ids are in the stanza */
    const by = (c: ContactInfo) => ({ from: group, participant: jid(c), phone: c.phone, lid: c.lid });
    return { ani, bayu, group, jid, send, by };
  }

  it("a reaction to the gateway's message and to another member's names the message, the emoji and the reactor", async () => {
    const { ani, bayu, group, send, by } = await newGroup();
    const ours = await sendToGroup(group, { type: 'text', text: { body: 'Promo hari ini' } });
    const toOurs = await send(bayu, { reaction: { to: { id: ours.id }, emoji: '🔥' } }, 'message.reaction');
    expect(toOurs.data).toMatchObject({ ...by(bayu), message_id: ours.id, emoji: '🔥' });
    const anis = await send(ani, { text: 'Masih ada?' });
    expect(anis.data).toMatchObject({ ...by(ani), text: 'Masih ada?' });
    const toAnis = await send(bayu, { reaction: { to: { id: anis.data.id, author: ani.phone }, emoji: '👀' } }, 'message.reaction');
    expect(toAnis.data).toMatchObject({ ...by(bayu), message_id: anis.data.id, emoji: '👀' });
  });

  it("a reply names the quoted message and its author: the account's own JID or another member's", async () => {
    const { ani, bayu, group, jid, send, by } = await newGroup();
    const ours = await sendToGroup(group, { type: 'text', text: { body: 'Ukuran apa?' } });
    // the account's JID as the group names it, from what the gateway knows of the group
    const got = await gw.stack.json('GET', `/api/v1/sessions/${SESSION}/groups/${group}`, { headers: { authorization: `Bearer ${token}` } });
    const me = got.body.group.participants.find((p: { phone: string }) => p.phone === SHOP) as { phone: string; lid: string };
    const accountJid = addressing === 'lid' ? me.lid : `${SHOP}@s.whatsapp.net`;
    const toOurs = await send(bayu, { reply: { to: { id: ours.id }, content: { text: 'M' } } });
    expect(toOurs.data).toMatchObject({ ...by(bayu), text: 'M', context: { message_id: ours.id, from: accountJid } });
    const anis = await send(ani, { text: 'Aku L' });
    const toAnis = await send(bayu, { reply: { to: { id: anis.data.id, author: ani.phone }, content: { text: 'Aku juga' } } });
    expect(toAnis.data).toMatchObject({ ...by(bayu), text: 'Aku juga', context: { message_id: anis.data.id, from: jid(ani) } });
  });

  it("an edit and a revoke name the member's message and the member", async () => {
    const { bayu, jid, send, by } = await newGroup();
    const first = await send(bayu, { text: 'besok jam 9' });
    const edit = await send(bayu, { edit: { id: first.data.id, text: 'besok jam 10' } }, 'message.edited');
    expect(edit.data).toMatchObject({ ...by(bayu), message_id: first.data.id, text: 'besok jam 10' });
    const revoke = await send(bayu, { revoke: { id: first.data.id } }, 'message.revoked');
    expect(revoke.data).toMatchObject({ ...by(bayu), message_id: first.data.id, by: jid(bayu) });
  });

  it('a location arrives with its coordinates, name and address', async () => {
    const { ani, send, by } = await newGroup();
    const pin = await send(ani, { location: { latitude: -6.914744, longitude: 107.60981, name: 'Gedung Sate', address: 'Bandung' } });
    expect(pin.data).toMatchObject({
      ...by(ani),
      type: 'locationMessage',
      location: { latitude: -6.914744, longitude: 107.60981, name: 'Gedung Sate', address: 'Bandung' },
    });
  });

  it("a member's poll arrives with its question and options; another member's vote on it decrypts", async () => {
    const { ani, bayu, send, by } = await newGroup();
    const secret = randomBytes(32);
    const poll = await send(ani, { poll: { question: 'Kumpul di mana?', options: ['kantor', 'kafe'], messageSecret: secret } });
    expect(poll.data).toMatchObject({
      ...by(ani),
      type: 'pollCreationMessageV3',
      poll: { question: 'Kumpul di mana?', options: ['kantor', 'kafe'], selectableCount: 1 },
    });
    const vote = await send(bayu, { pollVote: { poll: { id: poll.data.id, secret, author: ani.phone }, options: ['kafe'] } }, 'message.poll_vote');
    expect(vote.data).toMatchObject({ ...by(bayu), poll_id: poll.data.id, question: 'Kumpul di mana?', options: ['kafe'] });
    expect(vote.data).not.toHaveProperty('error');
  });

  it('a vote on a poll the gateway sent into the group decrypts with the secret the gateway kept', async () => {
    const { bayu, group, send, by } = await newGroup();
    const ours = await sendToGroup(group, { type: 'poll', poll: { name: 'Buka jam berapa?', options: ['08:00', '09:00'], selectableCount: 1 } });
    const vote = await send(bayu, { pollVote: { poll: { id: ours.id, secret: ours.secret! }, options: ['09:00'] } }, 'message.poll_vote');
    expect(vote.data).toMatchObject({ ...by(bayu), poll_id: ours.id, question: 'Buka jam berapa?', options: ['09:00'] });
    expect(vote.data).not.toHaveProperty('error');
  });
});

describe('in a LID group, a member whose number WhatsApp withholds (no participant_pn)', () => {
  it('is named by LID with phone null until the session learns the mapping, then by both; its vote decrypts', async () => {
    const ani = member('Ani');
    const dewi = member('Dewi');
    const group = gw.sim.createGroup('Grup rahasia', { owner: ani.phone, members: [dewi.phone, SHOP], addressing: 'lid' }).id;
    const send = (content: IncomingContent, event?: keyof typeof WEBHOOK_EVENTS) =>
      receivedEventOf(gw, receiver, dewi.phone, content, event, { group, addressing: 'lid-only' });
    const secret = randomBytes(32);
    const poll = await send({ poll: { question: 'Siapa ikut?', options: ['aku', 'nanti'], messageSecret: secret } });
    expect(poll.data).toMatchObject({ from: group, participant: dewi.lid, phone: null, lid: dewi.lid, poll: { question: 'Siapa ikut?' } });
    const vote = await send({ pollVote: { poll: { id: poll.data.id, secret, fromMe: true }, options: ['aku'] } }, 'message.poll_vote');
    expect(vote.data).toMatchObject({ from: group, participant: dewi.lid, phone: null, lid: dewi.lid, poll_id: poll.data.id, options: ['aku'] });

    await gw.sim.pushLidMapping([dewi.phone]);
    const contact = () =>
      gw.stack.json('GET', `/api/v1/contacts/${encodeURIComponent(dewi.lid)}?sessionId=${SESSION}`, { headers: { authorization: `Bearer ${token}` } });
    await expect.poll(async () => (await contact()).body.phone).toBe(dewi.phone);
    const reaction = await send({ reaction: { to: { id: poll.data.id, fromMe: true }, emoji: '👍' } }, 'message.reaction');
    expect(reaction.data).toMatchObject({ from: group, participant: dewi.lid, phone: dewi.phone, lid: dewi.lid, message_id: poll.data.id });
  });
});
