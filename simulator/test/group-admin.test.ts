import { WAMessageStubType } from '@whiskeysockets/baileys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupRefusal, type Simulator } from '../src/index.js';
import type { TestClient } from '../src/testing.js';
import { startPairedClient } from './paired-client.js';

const ME = '6280000000031';
const A = '6281111111131';
const B = '6282222222232';
const C = '6283333333333';
const NOBODY = '6289999999939';
let sim: Simulator;
let client: TestClient;
let close: () => Promise<void>;
const pn = (p: string) => `${p}@s.whatsapp.net`;

beforeAll(async () => {
  ({ sim, client, close } = await startPairedClient(ME, { [A]: 'Ani', [B]: 'Bayu', [C]: 'Cici' }));
});
afterAll(async () => close?.());

/** Baileys' error for a refused iq carries WhatsApp's code in `data` and its text as the message */
const refusal = async (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 0, text: 'resolved' }),
    (err: { data?: number; message: string }) => ({ code: err.data, text: err.message }),
  );

describe('group changes made by the account', () => {
  it('add/remove/promote/demote: per-participant answers, the state changes, Baileys hears its own changes', async () => {
    const meta = await client.sock.groupCreate('Gudang', [pn(A)]);
    const added = await client.sock.groupParticipantsUpdate(meta.id, [pn(B), pn(A), pn(NOBODY)], 'add');
    expect(added.map((r) => [r.jid, r.status])).toEqual([
      [pn(B), '200'],
      [pn(A), '409'],
      [pn(NOBODY), '404'],
    ]);
    expect(sim.group(meta.id)!.participants.sort()).toEqual([A, B].sort());
    const heard = await client.waitForEvent('group-participants.update', (e) => e.id === meta.id && e.action === 'add');
    expect(heard.participants.map((p) => p.id)).toEqual([pn(B)]);
    expect(heard.author).toBe(pn(ME));

    expect((await client.sock.groupParticipantsUpdate(meta.id, [pn(A)], 'promote'))[0]!.status).toBe('200');
    expect(sim.group(meta.id)!.admins).toEqual([A]);
    await client.waitForEvent('group-participants.update', (e) => e.id === meta.id && e.action === 'promote');
    expect((await client.sock.groupParticipantsUpdate(meta.id, [pn(A)], 'demote'))[0]!.status).toBe('200');
    expect(sim.group(meta.id)!.admins).toEqual([]);
    const removed = await client.sock.groupParticipantsUpdate(meta.id, [pn(B), pn(C)], 'remove');
    expect(removed.map((r) => r.status)).toEqual(['200', '404']);
    expect(sim.group(meta.id)!.participants).toEqual([A]);
    const md = await client.sock.groupMetadata(meta.id);
    expect(md.participants.map((p) => [p.id, p.admin])).toEqual([
      [pn(ME), 'superadmin'],
      [pn(A), null],
    ]);
  });

  it('a non-admin is refused promote, settings and invite link with 401 not-authorized; nothing changes', async () => {
    const g = sim.createGroup('Milik Ani', { owner: A, members: [ME, B] });
    expect(await refusal(client.sock.groupParticipantsUpdate(g.id, [pn(B)], 'promote'))).toEqual({ code: 401, text: 'not-authorized' });
    expect(await refusal(client.sock.groupSettingUpdate(g.id, 'announcement'))).toEqual({ code: 401, text: 'not-authorized' });
    expect(await refusal(client.sock.groupInviteCode(g.id))).toEqual({ code: 401, text: 'not-authorized' });
    expect(sim.group(g.id)).toMatchObject({ admins: [], announce: false });
    // an unlocked group lets any member change the subject
    await client.sock.groupUpdateSubject(g.id, 'Milik Bersama');
    expect(sim.group(g.id)!.subject).toBe('Milik Bersama');
    sim.updateGroup(g.id, A, { locked: true });
    expect(await refusal(client.sock.groupUpdateSubject(g.id, 'Lagi'))).toEqual({ code: 401, text: 'not-authorized' });
  });

  it('groups it is not in: 403 forbidden; unknown groups: 404 item-not-found', async () => {
    const g = sim.createGroup('Orang Lain', { owner: A, members: [B] });
    expect(await refusal(client.sock.groupMetadata(g.id))).toMatchObject({ code: 403, text: 'forbidden' });
    expect(await refusal(client.sock.groupMetadata('120363000000000000@g.us'))).toMatchObject({ code: 404, text: 'item-not-found' });
    expect(await refusal(client.sock.groupLeave(g.id))).toMatchObject({ code: 403 });
  });

  it('subject, description, settings, invite code: state and metadata follow', async () => {
    const meta = await client.sock.groupCreate('Lama', [pn(A)]);
    await client.sock.groupUpdateSubject(meta.id, 'Baru');
    await client.sock.groupUpdateDescription(meta.id, 'Jam buka 8-17');
    await client.sock.groupSettingUpdate(meta.id, 'announcement');
    await client.sock.groupSettingUpdate(meta.id, 'locked');
    expect(sim.group(meta.id)).toMatchObject({ subject: 'Baru', description: 'Jam buka 8-17', announce: true, locked: true });
    const md = await client.sock.groupMetadata(meta.id);
    expect(md).toMatchObject({ subject: 'Baru', desc: 'Jam buka 8-17', announce: true, restrict: true });
    await client.waitForEvent('groups.update', (u) => u.some((x) => x.id === meta.id && x.subject === 'Baru'));
    await client.waitForEvent('groups.update', (u) => u.some((x) => x.id === meta.id && x.restrict === true));

    const code = await client.sock.groupInviteCode(meta.id);
    expect(code).toBe(sim.group(meta.id)!.inviteCode);
    const fresh = await client.sock.groupRevokeInvite(meta.id);
    expect(fresh).not.toBe(code);
    expect(sim.group(meta.id)!.inviteCode).toBe(fresh);
    expect(() => sim.joinGroup(code!, B)).toThrow(GroupRefusal);
    sim.joinGroup(fresh!, B);
    const joined = await client.waitForEvent('group-participants.update', (e) => e.id === meta.id && e.action === 'add' && e.author === pn(B));
    expect(joined.participants.map((p) => p.id)).toEqual([pn(B)]);
  });

  it('joins by invite code and leaves; a bad code is 404', async () => {
    const g = sim.createGroup('Undangan', { owner: A, members: [B] });
    expect(await refusal(client.sock.groupAcceptInvite('NoSuchCode123'))).toMatchObject({ code: 404 });
    expect(await client.sock.groupAcceptInvite(g.inviteCode)).toBe(g.id);
    expect(sim.group(g.id)!.participants).toContain(ME);
    await client.sock.groupLeave(g.id);
    expect(sim.group(g.id)!.participants).not.toContain(ME);
    const left = await client.waitForEvent('group-participants.update', (e) => e.id === g.id && e.action === 'remove');
    expect(left.participants.map((p) => p.id)).toEqual([pn(ME)]);
  });
});

describe('group changes made by others reach the account', () => {
  it('LID group: a contact adds and promotes, renames and describes; Baileys gets both ids', async () => {
    const g = sim.createGroup('Grup LID', { owner: A, members: [ME], addressing: 'lid' });
    const cLid = sim.addContact(C).lid;
    expect(sim.groupParticipants(g.id, A, 'add', [C])).toEqual([{ phone: C, jid: cLid }]);
    const added = await client.waitForEvent('group-participants.update', (e) => e.id === g.id && e.action === 'add');
    expect(added.participants).toEqual([expect.objectContaining({ id: cLid, phoneNumber: pn(C) })]);
    // Baileys rc14 drops participant_pn on the way (proto fromObject), so the author comes as a LID only
    expect(added.author).toBe(sim.addContact(A).lid);
    sim.groupParticipants(g.id, A, 'promote', [ME]);
    await client.waitForEvent('group-participants.update', (e) => e.id === g.id && e.action === 'promote');
    sim.updateGroup(g.id, A, { subject: 'Nama Baru', description: 'Deskripsi', announce: true });
    await client.waitForEvent('groups.update', (u) => u.some((x) => x.id === g.id && x.subject === 'Nama Baru'));
    // Baileys rc14's event buffer keeps only the first groups.update per group in a batch (event-buffer.js
    // never merges a second one), so the later changes are seen in the stub messages they come as
    const stub = (type: number, param: string) =>
      client.waitForEvent('messages.upsert', (u) =>
        u.messages.some((m) => m.key.remoteJid === g.id && m.messageStubType === type && m.messageStubParameters?.[0] === param),
      );
    await stub(WAMessageStubType.GROUP_CHANGE_DESCRIPTION, 'Deskripsi');
    await stub(WAMessageStubType.GROUP_CHANGE_ANNOUNCE, 'on');
    // now an admin, the account may promote
    expect((await client.sock.groupParticipantsUpdate(g.id, [pn(C)], 'promote'))[0]).toMatchObject({ status: '200', jid: cLid });
    sim.leaveGroup(g.id, C);
    expect(sim.group(g.id)!.participants).toEqual([ME]);
    expect(() => sim.updateGroup(g.id, B, { subject: 'x' })).toThrow(GroupRefusal);
  });
});
