/**
 * The `w:g2` set/get iqs that change a group (what Baileys' groupParticipantsUpdate,
 * groupUpdateSubject/Description, groupSettingUpdate, groupInviteCode/RevokeInvite,
 * groupAcceptInvite and groupLeave send), answered the way Baileys parses WhatsApp's answers.
 */
import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from '@whiskeysockets/baileys';
import type { SimCore } from './core.js';
import {
  changeInfo,
  changeParticipants,
  GroupRefusal,
  inviteCode,
  joinByInvite,
  leaveGroup,
  type InfoChange,
  type ParticipantAction,
} from './group-changes.js';
import { participantNode } from './groups.js';
import { iqError, iqResult } from './iq-handlers.js';

const PARTICIPANT_ACTIONS = new Set<string>(['add', 'remove', 'promote', 'demote']);
const SETTINGS: Record<string, InfoChange> = {
  announcement: { announce: true },
  not_announcement: { announce: false },
  locked: { locked: true },
  unlocked: { locked: false },
};

export function handleGroupChangeIq(sim: SimCore, me: string, iq: BinaryNode, first: BinaryNode | undefined): BinaryNode {
  try {
    return answer(sim, me, iq, first) ?? iqResult(iq);
  } catch (err) {
    if (err instanceof GroupRefusal) return iqError(iq, err.code, err.text);
    throw err;
  }
}

function answer(sim: SimCore, me: string, iq: BinaryNode, first: BinaryNode | undefined): BinaryNode | undefined {
  const to = iq.attrs.to ?? '';
  const tag = first?.tag ?? '';
  if (!first) return undefined;
  if (PARTICIPANT_ACTIONS.has(tag)) {
    const jids = getBinaryNodeChildren(first, 'participant').map((p) => p.attrs.jid ?? '');
    const outcomes = changeParticipants(sim, to, me, tag as ParticipantAction, jids);
    const g = sim.groups.get(to);
    // a known person is answered in the group's addressing mode with the other id attached
    const nodes = outcomes.map((o) => ({
      tag: 'participant',
      attrs: { ...(o.phone && g ? participantNode(sim, g, o.phone).attrs : { jid: o.jid }), ...(o.error ? { error: o.error } : {}) },
    }));
    return iqResult(iq, [{ tag, attrs: {}, content: nodes }]);
  }
  if (tag === 'subject') {
    changeInfo(sim, to, me, { subject: first.content instanceof Uint8Array ? Buffer.from(first.content).toString('utf8') : '' });
    return undefined;
  }
  if (tag === 'description') {
    const body = getBinaryNodeChild(first, 'body')?.content;
    changeInfo(sim, to, me, { description: body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : '' });
    return undefined;
  }
  if (SETTINGS[tag]) {
    changeInfo(sim, to, me, SETTINGS[tag]);
    return undefined;
  }
  if (tag === 'invite' && first.attrs.code) {
    const g = joinByInvite(sim, first.attrs.code, me);
    return iqResult(iq, [{ tag: 'group', attrs: { jid: g.id } }]);
  }
  if (tag === 'invite') return iqResult(iq, [{ tag: 'invite', attrs: { code: inviteCode(sim, to, me, iq.attrs.type === 'set') } }]);
  if (tag === 'leave') {
    for (const g of getBinaryNodeChildren(first, 'group')) leaveGroup(sim, g.attrs.id ?? '', me);
    return iqResult(iq, [{ tag: 'leave', attrs: {}, content: getBinaryNodeChildren(first, 'group') }]);
  }
  return undefined;
}
