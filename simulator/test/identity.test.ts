// LID identities against a bare Baileys client: a contact who writes as a LID with or without its
// phone number, the account's phone pushing PN↔LID pairs, usync answers with <lid>, and one chat
// (one Signal session) whether the client addresses the contact by phone or by LID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USyncQuery, USyncUser, type WAMessage } from '@whiskeysockets/baileys';
import { pino } from 'pino';
import { syncOnlyInitialBootstrap } from '../../session-host/src/connection/socket-factory.js';
import type { Simulator } from '../src/index.js';
import { connectBaileys, memoryAuthState, type TestClient } from '../src/testing.js';
import { startPairedClient } from './paired-client.js';

const ME = '6280000000031';
const HIDDEN = '6281300000001';
const OPEN = '6281300000002';
const PUSHED = '6281300000003';
const SAME = '6281300000004';
const LOOKUP = '6281300000005';
let sim: Simulator;
let client: TestClient;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ sim, client, close } = await startPairedClient(ME, { [HIDDEN]: 'Hidden', [OPEN]: 'Open', [PUSHED]: 'Pushed', [SAME]: 'Same', [LOOKUP]: 'Lookup' }));
});
afterAll(async () => close?.());

const lidOf = (phone: string) => sim.addContact(phone).lid;
const receive = (id: string) =>
  client
    .waitForEvent('messages.upsert', (u) => u.messages.some((m) => m.key.id === id))
    .then((u) => u.messages.find((m) => m.key.id === id) as WAMessage & { key: { remoteJidAlt?: string } });

describe('LID-addressed contacts', () => {
  it('a contact writing as a LID without its phone number arrives with no phone: Baileys knows no mapping', async () => {
    const id = await sim.sendFrom(HIDDEN, { text: 'who am I' }, { addressing: 'lid-only' });
    const msg = await receive(id);
    expect(msg.key.remoteJid).toBe(lidOf(HIDDEN));
    expect(msg.key.remoteJidAlt).toBeUndefined();
    expect(msg.message?.conversation).toBe('who am I');
    expect(await client.sock.signalRepository.lidMapping.getPNForLID(lidOf(HIDDEN))).toBeNull();
  });

  it('a LID envelope with sender_pn gives Baileys the pair (remoteJidAlt) and it stores the mapping', async () => {
    const id = await sim.sendFrom(OPEN, { text: 'with my number' }, { addressing: 'lid' });
    const msg = await receive(id);
    expect(msg.key.remoteJid).toBe(lidOf(OPEN));
    expect(msg.key.remoteJidAlt).toBe(`${OPEN}@s.whatsapp.net`);
    expect(await client.sock.signalRepository.lidMapping.getPNForLID(lidOf(OPEN))).toBe(`${OPEN}:0@s.whatsapp.net`);
  });

  it("the account's phone pushes PN↔LID pairs (LID migration sync): Baileys stores them without asking usync", async () => {
    expect(await client.sock.signalRepository.lidMapping.getPNForLID(lidOf(PUSHED))).toBeNull();
    const before = sim.usyncQueries().length;
    await sim.pushLidMapping([PUSHED]);
    await expect.poll(() => client.sock.signalRepository.lidMapping.getPNForLID(lidOf(PUSHED))).toBe(`${PUSHED}:0@s.whatsapp.net`);
    expect(await client.sock.signalRepository.lidMapping.getLIDForPN(`${PUSHED}@s.whatsapp.net`)).toBe(lidOf(PUSHED));
    expect(
      sim
        .usyncQueries()
        .slice(before)
        .filter((q) => q.users.some((u) => u.includes(PUSHED))),
    ).toEqual([]);
    expect(sim.decryptFailures()).toEqual([]);
  });

  it('usync by phone number answers contact in/out and the LID; every query is recorded', async () => {
    sim.refuse('6281399999999');
    const query = new USyncQuery().withContactProtocol().withLIDProtocol();
    for (const phone of [LOOKUP, '6281399999999']) query.withUser(new USyncUser().withPhone(`+${phone}`));
    const before = sim.usyncQueries().length;
    const result = await client.sock.executeUSyncQuery(query);
    expect(result?.list).toEqual([
      expect.objectContaining({ id: `${LOOKUP}@s.whatsapp.net`, contact: true, lid: lidOf(LOOKUP) }),
      expect.objectContaining({ id: '6281399999999@s.whatsapp.net', contact: false }),
    ]);
    expect(result?.list[1]?.lid).toBeFalsy();
    expect(sim.usyncQueries().slice(before)).toEqual([{ context: 'interactive', protocols: ['contact', 'lid'], users: [`+${LOOKUP}`, '+6281399999999'] }]);
  });

  it('sends to the phone JID and to the LID land in one chat and one Signal session of the contact', async () => {
    const first = await client.sock.sendMessage(`${SAME}@s.whatsapp.net`, { text: 'by phone' });
    const [byPhone] = await sim.waitForSent(SAME, { pred: (m) => m.id === first!.key.id });
    const second = await client.sock.sendMessage(lidOf(SAME), { text: 'by lid' });
    const [byLid] = await sim.waitForSent(SAME, { pred: (m) => m.id === second!.key.id });
    expect(byPhone).toMatchObject({ to: SAME, text: 'by phone' });
    expect(byLid).toMatchObject({ to: SAME, text: 'by lid', toJid: lidOf(SAME) });
    expect(byPhone!.signalSession).toBeTruthy();
    expect(byLid!.signalSession).toBe(byPhone!.signalSession);
    expect(sim.decryptFailures()).toEqual([]);
  });
});

describe("the gateway's history-sync setting", () => {
  /** Baileys' warnings while it builds a socket with this history-sync rule. */
  const warningsWith = (rule: (n: { syncType?: number | null }) => boolean) => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const c = connectBaileys(sim, memoryAuthState(), { logger, shouldSyncHistoryMessage: rule });
    c.end();
    return lines.join('');
  };

  it('all sync off makes Baileys warn that initial LID mappings break; only the initial bootstrap on does not', () => {
    expect(warningsWith(() => false)).toContain('INITIAL LID MAPPINGS');
    expect(warningsWith(syncOnlyInitialBootstrap)).not.toContain('INITIAL LID MAPPINGS');
  });
});
