import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardenBaileys } from '../../session-host/src/whatsapp/harden.js';
import { startSimulator, trustSimulator, type Group, type Simulator } from '../src/index.js';
import { memoryAuthState, pairWithQr, type TestClient } from '../src/testing.js';

const ME = '6280000000071';
const OWNER = '6281111111171';
const NEW = '6282222222272';
let sim: Simulator;
let client: TestClient;
const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
  const res = await fetch(sim.url.replace('ws://', 'http://').replace('/ws/chat', '') + path, { method, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: (await res.json()) as T };
};

beforeAll(async () => {
  hardenBaileys();
  sim = await startSimulator({ control: true });
  await trustSimulator(sim.info);
  sim.addContact(OWNER, { name: 'Owner' });
  sim.addContact(NEW, { name: 'New' });
  client = await pairWithQr(sim, memoryAuthState(), ME);
});
afterAll(async () => {
  client?.end();
  await sim?.close();
});

describe('group control API', () => {
  it('creates a group, changes it as another member would, and shows its state; refusals are 409', async () => {
    const created = await call<Group>('POST', '/sim/groups', { subject: 'Remote', owner: OWNER, members: [ME], addressing: 'lid' });
    const id = created.body.id;
    const added = await call<unknown[]>('POST', `/sim/groups/${id}/participants`, { actor: OWNER, action: 'add', phones: [NEW] });
    expect(added.body).toEqual([{ phone: NEW, jid: sim.addContact(NEW).lid }]);
    await client.waitForEvent('group-participants.update', (e) => e.id === id && e.action === 'add');
    const updated = await call<Group>('POST', `/sim/groups/${id}/update`, { actor: OWNER, subject: 'Renamed', locked: true });
    expect(updated.body).toMatchObject({ subject: 'Renamed', locked: true });
    await client.waitForEvent('groups.update', (u) => u.some((g) => g.id === id && g.subject === 'Renamed'));
    const refused = await call<{ error: string }>('POST', `/sim/groups/${id}/update`, { actor: NEW, subject: 'Mine' });
    expect(refused).toEqual({ status: 409, body: { error: '401 not-authorized' } });
    expect((await call('POST', `/sim/groups/${id}/leave`, { phone: NEW })).status).toBe(200);
    expect((await call<Group>('GET', `/sim/groups/${id}`)).body.participants).toEqual([ME]);
    const joined = await call<Group>('POST', '/sim/groups/join', { code: created.body.inviteCode, phone: NEW });
    expect(joined.body.participants).toContain(NEW);
    expect((await call<Group[]>('GET', '/sim/groups')).body.map((g) => g.id)).toContain(id);
    expect((await call('GET', '/sim/groups/120363000000000000@g.us')).status).toBe(404);
  });
});
