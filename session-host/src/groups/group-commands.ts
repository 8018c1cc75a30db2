import type { GroupMetadata, WASocket } from '@whiskeysockets/baileys';
import { participantJid, type GroupCommand, type GroupInfo, type Person } from '../../../shared/src/api/groups.js';
import type { LidPnLookup } from '../identity/identity-fields.js';
import { participantIds, type RawParticipant } from './participant-ids.js';
import { groupRefusal, type GroupOperation } from './wa-errors.js';

type GroupSocket = Pick<
  WASocket,
  | 'groupCreate'
  | 'groupFetchAllParticipating'
  | 'groupMetadata'
  | 'groupParticipantsUpdate'
  | 'groupUpdateSubject'
  | 'groupUpdateDescription'
  | 'groupSettingUpdate'
  | 'groupInviteCode'
  | 'groupRevokeInvite'
  | 'groupAcceptInvite'
  | 'groupLeave'
>;

const PARTICIPANT_MESSAGES: Record<string, string> = {
  '200': 'done',
  '403': "their privacy settings do not allow it; send them the group's invite link",
  '406': "the group's creator cannot be removed or demoted",
  '408': 'they left the group recently; send them the invite link',
  '409': 'already in the group',
};

const participantMessage = (status: string, action: string): string =>
  status === '404' ? (action === 'add' ? 'not on WhatsApp' : 'not in the group') : (PARTICIPANT_MESSAGES[status] ?? `refused by WhatsApp (${status})`);

/** The API's view of a group: every participant with both ids (see participantIds). */
export async function toGroupInfo(meta: GroupMetadata, lookup: LidPnLookup): Promise<GroupInfo> {
  const participants = await Promise.all(
    meta.participants.map(async (p) => ({ ...(await participantIds(p as RawParticipant, lookup)), admin: p.admin ?? null })),
  );
  const ownerRaw = meta.owner ? { id: meta.owner, phoneNumber: meta.ownerPn } : undefined;
  const ownerIds = ownerRaw ? await participantIds(ownerRaw, lookup) : null;
  // the participant list carries the owner's other id when the group's attributes do not
  const owner = ownerIds && (participants.find((p) => (ownerIds.lid && p.lid === ownerIds.lid) || (ownerIds.phone && p.phone === ownerIds.phone)) ?? ownerIds);
  const person = (p: Person): Person => ({ phone: p.phone, lid: p.lid });
  return {
    id: meta.id,
    subject: meta.subject,
    description: meta.desc ?? null,
    owner: owner ? person(owner) : null,
    creation: meta.creation || null,
    size: meta.size ?? participants.length,
    announcement: !!meta.announce,
    locked: !!meta.restrict,
    addressingMode: meta.addressingMode === 'lid' ? 'lid' : 'pn',
    participants,
    admins: participants.filter((p) => p.admin).map(person),
  };
}

/** Carries out one group command on a connected socket; WhatsApp's refusals become the API's 4xx. */
export async function runGroupCommand(sock: GroupSocket, command: GroupCommand, lookup: LidPnLookup): Promise<Record<string, unknown>> {
  const groupId = 'groupId' in command ? command.groupId : undefined;
  const operation: GroupOperation = command.op === 'list' || command.op === 'get' ? 'read' : command.op;
  try {
    return await run(sock, command, lookup);
  } catch (err) {
    throw groupRefusal(err, operation, groupId);
  }
}

async function run(sock: GroupSocket, command: GroupCommand, lookup: LidPnLookup): Promise<Record<string, unknown>> {
  switch (command.op) {
    case 'create': {
      const meta = await sock.groupCreate(command.subject, command.participants.map(participantJid));
      return { group: await toGroupInfo(meta, lookup) };
    }
    case 'list': {
      const all = await sock.groupFetchAllParticipating();
      return { groups: await Promise.all(Object.values(all).map((meta) => toGroupInfo(meta, lookup))) };
    }
    case 'get':
      return { group: await toGroupInfo(await sock.groupMetadata(command.groupId), lookup) };
    case 'participants': {
      const answers = await sock.groupParticipantsUpdate(command.groupId, command.participants.map(participantJid), command.action);
      const results = await Promise.all(
        answers.map(async (a) => {
          const attrs = (a.content as { attrs?: Record<string, string> } | undefined)?.attrs ?? {};
          const ids = await participantIds({ id: a.jid ?? attrs.jid ?? '', phoneNumber: attrs.phone_number, lid: attrs.lid }, lookup);
          return { ...ids, status: Number(a.status) || 0, message: participantMessage(a.status, command.action) };
        }),
      );
      return { action: command.action, results };
    }
    case 'update': {
      // One change at a time, in this order; a refusal stops the rest (the message says which).
      if (command.subject !== undefined) await sock.groupUpdateSubject(command.groupId, command.subject);
      if (command.description !== undefined) await sock.groupUpdateDescription(command.groupId, command.description || undefined);
      if (command.announcement !== undefined) await sock.groupSettingUpdate(command.groupId, command.announcement ? 'announcement' : 'not_announcement');
      if (command.locked !== undefined) await sock.groupSettingUpdate(command.groupId, command.locked ? 'locked' : 'unlocked');
      return { group: await toGroupInfo(await sock.groupMetadata(command.groupId), lookup) };
    }
    case 'invite': {
      const code = command.revoke ? await sock.groupRevokeInvite(command.groupId) : await sock.groupInviteCode(command.groupId);
      if (!code) throw new Error('WhatsApp answered without an invite code');
      return { code, link: `https://chat.whatsapp.com/${code}` };
    }
    case 'join': {
      const groupId = await sock.groupAcceptInvite(command.code);
      if (!groupId) throw new Error('WhatsApp answered without the group id');
      return { groupId };
    }
    case 'leave':
      await sock.groupLeave(command.groupId);
      return {};
  }
}
