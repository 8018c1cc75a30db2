import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../test-support/gateway.js';
import { startWebhookReceiver, type ReceivedWebhook } from '../test-support/webhook-receiver.js';

let gw: Gateway;
let token: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const ME = '6280000000061';
const auth = () => ({ authorization: `Bearer ${token}` });
const api = (method: string, path: string, body?: unknown) => gw.stack.json(method, `/api/v1/sessions/grp${path}`, { body, headers: auth() });

/** a contact on WhatsApp, new per test, with its LID */
let nextContact = 0;
const contact = (name: string) => {
  const phone = `62813${String(6100000 + nextContact++).padStart(7, '0')}`;
  return { ...gw.sim.addContact(phone, { name }), phone };
};

const groupEvent = (event: string, groupId: string, pred: (data: any) => boolean = () => true): Promise<ReceivedWebhook> =>
  receiver.waitFor((r) => r.body.event === event && r.body.data.groupId === groupId && pred(r.body.data));

beforeAll(async () => {
  gw = await startGateway();
  token = await gw.pairSession('grp', ME, 'Group Shop');
  receiver = await startWebhookReceiver();
  await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId: 'grp', url: receiver.url }, headers: auth() });
});
afterAll(async () => {
  await receiver?.close();
  await gw?.close();
});

describe('group management', () => {
  it('create, get and list: the group exists on WhatsApp with both ids of each member', async () => {
    const ani = contact('Ani');
    const res = await api('POST', '/groups', { subject: 'Tim Gudang', participants: [`+${ani.phone}`] });
    expect(res.status).toBe(201);
    const id = res.body.group.id as string;
    expect(gw.sim.group(id)).toMatchObject({ subject: 'Tim Gudang', owner: ME, participants: [ani.phone] });
    const got = await api('GET', `/groups/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.group).toMatchObject({ id, subject: 'Tim Gudang', description: null, announcement: false, locked: false, size: 2 });
    expect(got.body.group.owner.phone).toBe(ME);
    expect(got.body.group.participants).toContainEqual({ phone: ani.phone, lid: ani.lid, admin: null });
    expect(got.body.group.admins.map((a: { phone: string }) => a.phone)).toEqual([ME]);
    // by bare id as well
    expect((await api('GET', `/groups/${id.replace('@g.us', '')}`)).body.group.id).toBe(id);
    const list = await api('GET', '/groups');
    expect(list.status).toBe(200);
    expect(list.body.groups.map((g: { id: string }) => g.id)).toContain(id);
  });

  it('LID group from a contact: get answers both ids of everyone', async () => {
    const budi = contact('Budi');
    const g = gw.sim.createGroup('Grup LID', { owner: budi.phone, members: [ME], addressing: 'lid' });
    const got = await api('GET', `/groups/${g.id}`);
    expect(got.body.group.addressingMode).toBe('lid');
    expect(got.body.group.owner).toEqual({ phone: budi.phone, lid: budi.lid });
    expect(got.body.group.participants).toContainEqual({ phone: budi.phone, lid: budi.lid, admin: 'superadmin' });
    expect(got.body.group.participants.find((p: { phone: string }) => p.phone === ME).lid).toMatch(/^\d+@lid$/);
  });

  it('participants: add, promote, demote, remove change the group; per-person results; webhooks with both ids', async () => {
    const [ani, budi] = [contact('Ani'), contact('Budi')];
    const stranger = '6289990000061';
    gw.sim.refuse(stranger);
    const { body } = await api('POST', '/groups', { subject: 'Anggota', participants: [ani.phone] });
    const id = body.group.id as string;

    const added = await api('POST', `/groups/${id}/participants`, { action: 'add', participants: [budi.phone, ani.phone, stranger] });
    expect(added.status).toBe(200);
    expect(added.body.results).toEqual([
      { phone: budi.phone, lid: budi.lid, status: 200, message: 'done' },
      { phone: ani.phone, lid: ani.lid, status: 409, message: 'already in the group' },
      { phone: stranger, lid: null, status: 404, message: 'not on WhatsApp' },
    ]);
    expect(gw.sim.group(id)!.participants.sort()).toEqual([ani.phone, budi.phone].sort());
    const addEvent = await groupEvent('group.participants', id, (d) => d.action === 'add');
    expect(addEvent.body.data.participants).toEqual([{ phone: budi.phone, lid: budi.lid }]);
    expect(addEvent.body.data.author.phone).toBe(ME);

    expect((await api('POST', `/groups/${id}/participants`, { action: 'promote', participants: [ani.phone] })).body.results[0].status).toBe(200);
    expect(gw.sim.group(id)!.admins).toEqual([ani.phone]);
    expect((await api('GET', `/groups/${id}`)).body.group.admins).toContainEqual({ phone: ani.phone, lid: ani.lid });
    await groupEvent('group.participants', id, (d) => d.action === 'promote' && d.participants[0].phone === ani.phone);

    expect((await api('POST', `/groups/${id}/participants`, { action: 'demote', participants: [ani.phone] })).body.results[0].status).toBe(200);
    expect(gw.sim.group(id)!.admins).toEqual([]);
    await groupEvent('group.participants', id, (d) => d.action === 'demote' && d.participants[0].lid === ani.lid);

    const removed = await api('POST', `/groups/${id}/participants`, { action: 'remove', participants: [budi.phone] });
    expect(removed.body.results).toEqual([{ phone: budi.phone, lid: budi.lid, status: 200, message: 'done' }]);
    expect(gw.sim.group(id)!.participants).toEqual([ani.phone]);
    const removeEvent = await groupEvent('group.participants', id, (d) => d.action === 'remove');
    expect(removeEvent.body.data.participants).toEqual([{ phone: budi.phone, lid: budi.lid }]);
  });

  it('update subject, description and settings: the group changes; one group.update per change', async () => {
    const ani = contact('Ani');
    const { body } = await api('POST', '/groups', { subject: 'Lama', participants: [ani.phone] });
    const id = body.group.id as string;
    const res = await api('PATCH', `/groups/${id}`, { subject: 'Baru', description: 'Buka 8-17', announcement: true, locked: true });
    expect(res.status).toBe(200);
    expect(res.body.group).toMatchObject({ subject: 'Baru', description: 'Buka 8-17', announcement: true, locked: true });
    expect(gw.sim.group(id)).toMatchObject({ subject: 'Baru', description: 'Buka 8-17', announce: true, locked: true });
    for (const changes of [{ subject: 'Baru' }, { description: 'Buka 8-17' }, { announcement: true }, { locked: true }]) {
      const hook = await groupEvent('group.update', id, (d) => JSON.stringify(d.changes) === JSON.stringify(changes));
      expect(hook.body.data.author.phone).toBe(ME);
    }
    await api('PATCH', `/groups/${id}`, { description: '', announcement: false });
    expect(gw.sim.group(id)).toMatchObject({ description: '', announce: false, locked: true });
    await groupEvent('group.update', id, (d) => d.changes.description === null);
    await groupEvent('group.update', id, (d) => d.changes.announcement === false);
  });

  it('invite link: get and revoke change the code; join by code and leave; join/leave webhooks', async () => {
    const ani = contact('Ani');
    const { body } = await api('POST', '/groups', { subject: 'Undangan', participants: [ani.phone] });
    const id = body.group.id as string;
    const invite = await api('GET', `/groups/${id}/invite`);
    expect(invite.body).toEqual({ status: 'success', code: gw.sim.group(id)!.inviteCode, link: `https://chat.whatsapp.com/${gw.sim.group(id)!.inviteCode}` });
    const revoked = await api('DELETE', `/groups/${id}/invite`);
    expect(revoked.body.code).not.toBe(invite.body.code);
    expect(gw.sim.group(id)!.inviteCode).toBe(revoked.body.code);

    const budi = contact('Budi');
    const other = gw.sim.createGroup('Komunitas', { owner: budi.phone, members: [ani.phone], addressing: 'lid' });
    const joined = await api('POST', '/groups/join', { code: `https://chat.whatsapp.com/${other.inviteCode}` });
    expect(joined.body).toEqual({ status: 'success', groupId: other.id });
    expect(gw.sim.group(other.id)!.participants).toContain(ME);
    const join = await groupEvent('group.participants', other.id, (d) => d.action === 'join');
    expect(join.body.data.participants[0].phone).toBe(ME);
    expect(join.body.data.participants[0].lid).toMatch(/@lid$/);

    const left = await api('POST', `/groups/${other.id}/leave`);
    expect(left.status).toBe(200);
    expect(gw.sim.group(other.id)!.participants).not.toContain(ME);
    const leave = await groupEvent('group.participants', other.id, (d) => d.action === 'leave');
    expect(leave.body.data.author.phone).toBe(ME);
  });

  it('sending to a group still works', async () => {
    const ani = contact('Ani');
    const { body } = await api('POST', '/groups', { subject: 'Kirim', participants: [ani.phone] });
    const res = await gw.stack.json('POST', '/api/v1/messages?sessionId=grp', {
      body: { recipient_type: 'group', to: body.group.id, type: 'text', text: { body: 'halo grup' } },
      headers: auth(),
    });
    expect(res.status).toBe(200);
    const [sent] = await gw.sim.waitForSent(body.group.id, { pred: (m) => m.id === res.body[0].messageId });
    expect(sent).toMatchObject({ text: 'halo grup', decryptedBy: [ani.phone] });
  });
});

describe('changes made by other members reach the webhook', () => {
  it('a contact adds someone, promotes, renames and describes a LID group: events carry phone and lid of everyone', async () => {
    const [owner, newbie] = [contact('Owner'), contact('Newbie')];
    const g = gw.sim.createGroup('Keluarga', { owner: owner.phone, members: [ME], addressing: 'lid' });
    gw.sim.groupParticipants(g.id, owner.phone, 'add', [newbie.phone]);
    const add = await groupEvent('group.participants', g.id, (d) => d.action === 'add');
    expect(add.body.data.participants).toEqual([{ phone: newbie.phone, lid: newbie.lid }]);
    expect(add.body.data.author).toEqual({ phone: owner.phone, lid: owner.lid });

    gw.sim.groupParticipants(g.id, owner.phone, 'promote', [ME]);
    const promote = await groupEvent('group.participants', g.id, (d) => d.action === 'promote');
    expect(promote.body.data.participants[0].phone).toBe(ME);

    gw.sim.updateGroup(g.id, owner.phone, { subject: 'Keluarga Besar', description: 'Arisan tiap Minggu', locked: true });
    for (const changes of [{ subject: 'Keluarga Besar' }, { description: 'Arisan tiap Minggu' }, { locked: true }]) {
      const hook = await groupEvent('group.update', g.id, (d) => JSON.stringify(d.changes) === JSON.stringify(changes));
      expect(hook.body.data.author).toEqual({ phone: owner.phone, lid: owner.lid });
    }
    gw.sim.leaveGroup(g.id, newbie.phone);
    const leave = await groupEvent('group.participants', g.id, (d) => d.action === 'leave');
    expect(leave.body.data.participants).toEqual([{ phone: newbie.phone, lid: newbie.lid }]);
  });
});

describe('refusals are clear 4xx', () => {
  it('a group the account is not in, or that does not exist: 404', async () => {
    const budi = contact('Budi');
    const g = gw.sim.createGroup('Bukan Milikku', { owner: budi.phone, members: [] });
    for (const [method, path, body] of [
      ['GET', `/groups/${g.id}`],
      ['PATCH', `/groups/${g.id}`, { subject: 'x' }],
      ['POST', `/groups/${g.id}/participants`, { action: 'add', participants: [budi.phone] }],
      ['GET', `/groups/${g.id}/invite`],
      ['POST', `/groups/${g.id}/leave`],
      ['GET', '/groups/120363000000000000@g.us'],
    ] as const) {
      const res = await api(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.message).toMatch(/not found, or this account is not in it/);
    }
  });

  it('a non-admin: promote, settings, invite link and a locked group’s subject are 403 with the reason; nothing changes', async () => {
    const [owner, other] = [contact('Owner'), contact('Other')];
    const g = gw.sim.createGroup('Punya Orang', { owner: owner.phone, members: [ME, other.phone] });
    const promote = await api('POST', `/groups/${g.id}/participants`, { action: 'promote', participants: [other.phone] });
    expect(promote.status).toBe(403);
    expect(promote.body.message).toMatch(/^Only group admins can add, remove, promote or demote participants \(WhatsApp: not-authorized\)/);
    expect((await api('PATCH', `/groups/${g.id}`, { announcement: true })).status).toBe(403);
    expect((await api('GET', `/groups/${g.id}/invite`)).body.message).toMatch(/Only group admins can see or reset the invite link/);
    gw.sim.updateGroup(g.id, owner.phone, { locked: true });
    expect((await api('PATCH', `/groups/${g.id}`, { subject: 'Diambil alih' })).status).toBe(403);
    expect(gw.sim.group(g.id)).toMatchObject({ subject: 'Punya Orang', admins: [], announce: false });
  });

  it('invite codes: unknown or revoked 404, malformed 400, already in 409', async () => {
    const budi = contact('Budi');
    const g = gw.sim.createGroup('Kode', { owner: budi.phone, members: [ME] });
    const unknown = await api('POST', '/groups/join', { code: 'AbCdEfGhIjKlMnOpQrStUv' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/invite code is invalid or was revoked/);
    const malformed = await api('POST', '/groups/join', { code: 'no spaces!' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/^code/);
    expect((await api('POST', '/groups/join', { code: g.inviteCode })).status).toBe(409);
  });

  it('bad input names the field: subject, description, participants, action, groupId, empty update', async () => {
    const ani = contact('Ani');
    const { body } = await api('POST', '/groups', { subject: 'Batas', participants: [ani.phone] });
    const id = body.group.id as string;
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['POST', '/groups', { subject: 'x'.repeat(101), participants: [ani.phone] }, /^subject must be at most 100 characters/],
      ['POST', '/groups', { subject: 'ok', participants: [] }, /^participants must name at least one person/],
      ['POST', '/groups', { subject: 'ok', participants: ['12ab'] }, /^participants\.0: participants: each must be a phone number/],
      ['PATCH', `/groups/${id}`, { subject: 'y'.repeat(101) }, /^subject must be at most 100 characters/],
      ['PATCH', `/groups/${id}`, { description: 'd'.repeat(2049) }, /^description must be at most 2048 characters/],
      ['PATCH', `/groups/${id}`, {}, /give at least one of subject, description, announcement or locked/],
      ['PATCH', `/groups/${id}`, { locked: 'yes' }, /^locked must be true or false/],
      [
        'POST',
        `/groups/${id}/participants`,
        { action: 'add', participants: Array.from({ length: 51 }, (_, i) => `6281300${String(i).padStart(5, '0')}`) },
        /at most 50 per request/,
      ],
      ['POST', `/groups/${id}/participants`, { action: 'kick', participants: [ani.phone] }, /^action must be add, remove, promote or demote/],
      ['GET', '/groups/not-a-group', undefined, /^groupId must be a WhatsApp group id/],
    ];
    for (const [method, path, payload, message] of cases) {
      const res = await api(method, path, payload);
      expect(res.status, `${method} ${path} ${String(JSON.stringify(payload)).slice(0, 60)}`).toBe(400);
      expect(res.body.status).toBe('error');
      expect(res.body.message).toMatch(message);
      expect(res.body.details.length).toBeGreaterThan(0);
    }
    expect(gw.sim.group(id)).toMatchObject({ subject: 'Batas', participants: [ani.phone] });
  });

  it('another session’s token: 403; no token: 401', async () => {
    const other = await gw.stack.createSession('grp-other');
    const res = await gw.stack.json('GET', '/api/v1/sessions/grp/groups', { headers: { authorization: `Bearer ${other}` } });
    expect(res.status).toBe(403);
    expect((await gw.stack.json('GET', '/api/v1/sessions/grp/groups')).status).toBe(401);
  });
});
