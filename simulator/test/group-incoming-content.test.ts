// What a member sends inside a group besides text, decoded by a bare Baileys client: keys name the
// group as remoteJid and the author as participant, and votes are encrypted with the creator's and
// voter's JIDs in the group's addressing (both LIDs in a LID group), as WhatsApp Web derives them.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPollVote, proto, type WAMessage } from '@whiskeysockets/baileys';
import type { IncomingContent, Simulator } from '../src/index.js';
import type { TestClient } from '../src/testing.js';
import { startPairedClient } from './paired-client.js';

const ME = '6280000000015';
const ANI = '6281234567850';
const BAYU = '6281234567851';
let sim: Simulator;
let client: TestClient;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, client, close } = await startPairedClient(ME, { [ANI]: 'Ani', [BAYU]: 'Bayu' }));
});
afterAll(async () => close?.());

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe.each(['pn', 'lid'] as const)('in a %s-addressed group a member', (addressing) => {
  let group: string;
  /** a member's JID as the group's metadata names it (its LID in a LID group) */
  const jid: Record<string, string> = {};

  beforeAll(async () => {
    group = sim.createGroup(`Grup ${addressing}`, { owner: ANI, members: [BAYU, ME], addressing }).id;
    const meta = await client.sock.groupMetadata(group);
    for (const phone of [ME, ANI, BAYU]) {
      const pn = `${phone}@s.whatsapp.net`;
      jid[phone] = meta.participants.find((p) => p.id === pn || p.phoneNumber === pn)!.id;
    }
    expect(jid[BAYU]).toMatch(addressing === 'lid' ? /@lid$/ : /@s\.whatsapp\.net$/);
  });

  async function deliver(from: string, content: IncomingContent): Promise<WAMessage> {
    const id = await sim.sendFrom(from, content, { group });
    const event = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id));
    return event.messages.find((m) => m.key.id === id)!;
  }

  async function sentByAccount(content: Parameters<TestClient['sock']['sendMessage']>[1]): Promise<{ id: string; secret?: Uint8Array }> {
    const sent = await client.sock.sendMessage(group, content);
    const [seen] = await sim.waitForSent(group, { pred: (m) => m.id === sent!.key.id });
    return { id: sent!.key.id!, secret: seen!.message.messageContextInfo?.messageSecret ?? undefined };
  }

  it("reacts to the account's message and to another member's: the key names the group and the author", async () => {
    const ours = await sentByAccount({ text: 'siapa ikut?' });
    const toOurs = await deliver(BAYU, { reaction: { to: { id: ours.id }, emoji: '👍' } });
    expect(toOurs.key).toMatchObject({ remoteJid: group, participant: jid[BAYU] });
    // Baileys sees the account as the author, so the reacted message is its own
    expect(toOurs.message?.reactionMessage).toMatchObject({ text: '👍', key: { id: ours.id, remoteJid: group, fromMe: true, participant: jid[ME] } });
    const anis = await deliver(ANI, { text: 'aku ikut' });
    const toAnis = await deliver(BAYU, { reaction: { to: { id: anis.key.id!, author: ANI }, emoji: '🎉' } });
    expect(toAnis.message?.reactionMessage).toMatchObject({ key: { id: anis.key.id, remoteJid: group, fromMe: false, participant: jid[ANI] } });
  });

  it('replies quoting the account, another member and itself: contextInfo.participant is the author', async () => {
    const ours = await sentByAccount({ text: 'jam berapa?' });
    const anis = await deliver(ANI, { text: 'jam 9' });
    const own = await deliver(BAYU, { text: 'aku telat' });
    const cases: [{ id: string; fromMe?: boolean; author?: string }, string][] = [
      [{ id: ours.id }, ME],
      [{ id: anis.key.id!, author: ANI }, ANI],
      [{ id: own.key.id!, fromMe: true }, BAYU],
    ];
    for (const [to, author] of cases) {
      const reply = await deliver(BAYU, { reply: { to, content: { text: 'oke' } } });
      expect(reply.message?.extendedTextMessage?.contextInfo).toMatchObject({ stanzaId: to.id, participant: jid[author] });
    }
  });

  it('edits and revokes its own message: the key names the group and itself', async () => {
    const first = await deliver(BAYU, { text: 'salah' });
    const edit = await deliver(BAYU, { edit: { id: first.key.id!, text: 'benar' } });
    expect(edit.message?.protocolMessage).toMatchObject({
      type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
      key: { id: first.key.id, remoteJid: group, fromMe: true, participant: jid[BAYU] },
      editedMessage: { conversation: 'benar' },
    });
    const revoke = await deliver(BAYU, { revoke: { id: first.key.id! } });
    expect(revoke.message?.protocolMessage).toMatchObject({
      type: proto.Message.ProtocolMessage.Type.REVOKE,
      key: { id: first.key.id, remoteJid: group, participant: jid[BAYU] },
    });
  });

  it("votes on another member's poll and on the account's: encrypted with both JIDs in the group's addressing", async () => {
    const secret = randomBytes(32);
    const anisPoll = await deliver(ANI, { poll: { question: 'Makan di mana?', options: ['warteg', 'padang'], messageSecret: secret } });
    const ours = await sentByAccount({ poll: { name: 'Hari apa?', values: ['Sabtu', 'Minggu'], selectableCount: 1 } });
    const cases = [
      { poll: { id: anisPoll.key.id!, secret, author: ANI }, creator: ANI, option: 'padang' },
      { poll: { id: ours.id, secret: ours.secret! }, creator: ME, option: 'Minggu' },
    ];
    for (const { poll, creator, option } of cases) {
      const vote = await deliver(BAYU, { pollVote: { poll, options: [option] } });
      const update = vote.message!.pollUpdateMessage!;
      expect(update.pollCreationMessageKey).toMatchObject({ id: poll.id, remoteJid: group, participant: jid[creator] });
      const decrypted = decryptPollVote(update.vote!, { pollCreatorJid: jid[creator]!, pollMsgId: poll.id, pollEncKey: poll.secret, voterJid: jid[BAYU]! });
      expect(decrypted.selectedOptions.map((o) => Buffer.from(o).toString('hex'))).toEqual([sha256(option)]);
    }
    expect(sim.decryptFailures()).toEqual([]);
  });

  it('a message the client cannot decrypt is resent pairwise on its retry receipt, as a phone does', async () => {
    const citra = sim.addContact(addressing === 'lid' ? '6281234567861' : '6281234567860', { name: 'Citra' }).phone;
    const fresh = sim.createGroup(`Baru ${addressing}`, { owner: citra, members: [ME], addressing }).id;
    sim.corruptNextIncoming();
    const id = await sim.sendFrom(citra, { text: 'pertama' }, { group: fresh });
    const up = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id && !!m.message?.conversation));
    expect(up.messages.find((m) => m.key.id === id)).toMatchObject({ key: { remoteJid: fresh }, message: { conversation: 'pertama' } });
    expect(sim.retries().some((r) => r.id === id)).toBe(true);
    // and the member's next message decrypts as usual
    const next = await sim.sendFrom(citra, { text: 'kedua' }, { group: fresh });
    const up2 = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === next && !!m.message?.conversation));
    expect(up2.messages.find((m) => m.key.id === next)?.message?.conversation).toBe('kedua');
  });
});

it('in a LID group a member whose number WhatsApp withholds is named by LID alone (no participant_pn)', async () => {
  const dewi = sim.addContact('6281234567862', { name: 'Dewi' });
  const group = sim.createGroup('Rahasia', { owner: dewi.phone, members: [ME], addressing: 'lid' }).id;
  const id = await sim.sendFrom(dewi.phone, { text: 'nomorku rahasia' }, { group, addressing: 'lid-only' });
  const up = await client.waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id && !!m.message?.conversation));
  const m = up.messages.find((x) => x.key.id === id)!;
  expect(m.key).toMatchObject({ remoteJid: group, participant: dewi.lid });
  expect((m.key as { participantAlt?: string }).participantAlt).toBeUndefined();
});
