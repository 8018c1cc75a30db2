import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { decryptPollVote, DisconnectReason } from '@whiskeysockets/baileys';
import { hardenBaileys } from '../../session-host/src/whatsapp/harden.js';
import { trustSimulator, type SentMessage, type SimulatorInfo } from '../src/index.js';
import { connectBaileys, memoryAuthState } from '../src/testing.js';

let child: ChildProcessWithoutNullStreams;
let info: SimulatorInfo;
const base = (): string => info.url.replace('ws://', 'http://').replace('/ws/chat', '');
const post = async <T>(path: string, body: unknown): Promise<T> => {
  const res = await fetch(base() + path, { method: 'POST', body: JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(json.error);
  return json;
};

beforeAll(async () => {
  const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
  child = spawn(process.execPath, ['--import', 'tsx', cli, '--contact', '6281234567890:Budi'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator cli exited ${code}`)));
  });
  info = JSON.parse(line) as SimulatorInfo;
  hardenBaileys();
  await trustSimulator(info);
});
afterAll(() => {
  child?.kill('SIGTERM');
});

describe('simulator in its own process, driven over the control API', () => {
  it('pairs, receives, sends and reports what was sent', async () => {
    const auth = memoryAuthState();
    const first = connectBaileys(info, auth);
    const u = await first.waitForEvent('connection.update', (x) => !!x.qr);
    const paired = await post<{ jid: string }>('/sim/scan', { qr: u.qr, phone: '6280000000051' });
    expect(paired.jid).toBe('6280000000051:1@s.whatsapp.net');
    expect(await first.closed).toBe(DisconnectReason.restartRequired);
    const client = connectBaileys(info, auth);
    await client.opened;
    const { id } = await post<{ id: string }>('/sim/send', { from: '6281234567890', text: 'via control' });
    const up = await client.waitForEvent('messages.upsert', (x) => x.messages.some((m) => m.key.id === id));
    expect(up.messages.find((m) => m.key.id === id)?.message?.conversation).toBe('via control');
    await client.sock.sendMessage('6281234567890@s.whatsapp.net', { text: 'seen by the cli' });
    await expect
      .poll(async () => ((await (await fetch(`${base()}/sim/sent?to=6281234567890`)).json()) as SentMessage[]).map((m) => m.text), { timeout: 10_000 })
      .toContain('seen by the cli');
    expect((await post<{ hit: number }>('/sim/fault', { kind: 'drop', phone: '6280000000051' })).hit).toBe(1);
    expect(await client.closed).toBe(DisconnectReason.connectionClosed);
  });

  it("sends locations, reactions, polls and votes on the account's polls as JSON", async () => {
    const auth = memoryAuthState();
    const first = connectBaileys(info, auth);
    const u = await first.waitForEvent('connection.update', (x) => !!x.qr);
    await post('/sim/scan', { qr: u.qr, phone: '6280000000052' });
    await first.closed;
    const client = connectBaileys(info, auth);
    await client.opened;
    const received = async (body: Record<string, unknown>) => {
      const { id } = await post<{ id: string }>('/sim/send', { from: '6281234567890', to: '6280000000052', ...body });
      const up = await client.waitForEvent('messages.upsert', (x) => x.messages.some((m) => m.key.id === id));
      return up.messages.find((m) => m.key.id === id)!.message!;
    };
    expect((await received({ location: { latitude: -6.2, longitude: 106.8, name: 'Monas' } })).locationMessage).toMatchObject({
      degreesLatitude: -6.2,
      name: 'Monas',
    });
    const sent = await client.sock.sendMessage('6281234567890@s.whatsapp.net', { poll: { name: 'Kapan?', values: ['pagi', 'sore'], selectableCount: 1 } });
    const pollId = sent!.key.id!;
    await expect.poll(async () => ((await (await fetch(`${base()}/sim/sent?to=6281234567890`)).json()) as SentMessage[]).map((m) => m.id)).toContain(pollId);
    expect((await received({ reaction: { to: { id: pollId }, emoji: '👍' } })).reactionMessage).toMatchObject({ text: '👍', key: { id: pollId } });
    const secret = sent!.message!.messageContextInfo!.messageSecret!;
    const vote = (await received({ pollVote: { poll: { id: pollId }, options: ['sore'] } })).pollUpdateMessage!;
    const decrypted = decryptPollVote(vote.vote!, {
      pollCreatorJid: '6280000000052@s.whatsapp.net',
      pollMsgId: pollId,
      pollEncKey: secret,
      voterJid: '6281234567890@s.whatsapp.net',
    });
    expect(decrypted.selectedOptions.map((o) => Buffer.from(o).toString('hex'))).toEqual([createHash('sha256').update('sore').digest('hex')]);
    client.end();
  });
});
