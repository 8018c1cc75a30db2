/**
 * Changes to a group's members and info, made by the gateway's account (w:g2 iqs) or by anyone on
 * the simulator side, with WhatsApp's permission rules and the `w:gp2` notification every member's
 * linked devices get (Baileys turns those into `group-participants.update` / `groups.update`).
 */
import { randomBytes } from 'node:crypto';
import type { BinaryNode } from '@whiskeysockets/baileys';
import type { SimCore } from './core.js';
import { isAdmin, isMember, memberJid, newInviteCode, participantNode, type Group } from './groups.js';

export type ParticipantAction = 'add' | 'remove' | 'promote' | 'demote';

/** A refusal of the whole request, as WhatsApp answers it: `<error code text/>`. */
export class GroupRefusal extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(`${code} ${text}`);
  }
}

/** One participant's outcome: `error` is WhatsApp's per-participant code (absent = done). */
export interface ParticipantOutcome {
  phone: string | undefined;
  /** the JID as asked, answered in the group's addressing mode when the person is known */
  jid: string;
  error?: string;
}

export const MAX_SUBJECT = 100;
export const MAX_DESCRIPTION = 2048;

const digits = (p: string): string => p.replace(/\D/g, '');

/** the group, if `actor` may act in it: 404 unknown group, 403 not a member */
export function memberGroup(sim: SimCore, groupId: string, actor: string): Group {
  const g = sim.groups.get(groupId.includes('@') ? groupId : `${groupId}@g.us`);
  if (!g) throw new GroupRefusal(404, 'item-not-found');
  if (!isMember(g, digits(actor))) throw new GroupRefusal(403, 'forbidden');
  return g;
}

const requireAdmin = (g: Group, actor: string): void => {
  if (!isAdmin(g, digits(actor))) throw new GroupRefusal(401, 'not-authorized');
};

/** phone of whoever a JID or phone names, if they are on WhatsApp */
function phoneOf(sim: SimCore, jidOrPhone: string): string | undefined {
  const who = sim.dir.resolve(jidOrPhone.includes('@') ? jidOrPhone : `${digits(jidOrPhone)}@s.whatsapp.net`);
  if (!who) return undefined;
  if (who.kind === 'account') return who.account.phone;
  return who.contact.onWhatsApp && !sim.refused.has(who.contact.phone) ? who.contact.phone : undefined;
}

function outcome(g: Group, action: ParticipantAction, phone: string | undefined): string | undefined {
  if (!phone) return '404';
  const member = isMember(g, phone);
  if (action === 'add') return member ? '409' : undefined;
  if (!member) return '404';
  if (phone === g.owner && action !== 'promote') return '406';
  return undefined;
}

function apply(g: Group, action: ParticipantAction, phone: string): void {
  if (action === 'add') g.participants.push(phone);
  if (action === 'remove') {
    g.participants = g.participants.filter((p) => p !== phone);
    g.admins = g.admins.filter((p) => p !== phone);
  }
  if (action === 'promote' && phone !== g.owner && !g.admins.includes(phone)) g.admins.push(phone);
  if (action === 'demote') g.admins = g.admins.filter((p) => p !== phone);
}

/** add/remove/promote/demote by an admin; each participant gets its own outcome, like WhatsApp */
export function changeParticipants(sim: SimCore, groupId: string, actor: string, action: ParticipantAction, jids: string[]): ParticipantOutcome[] {
  const g = memberGroup(sim, groupId, actor);
  requireAdmin(g, actor);
  const outcomes = jids.map((jid): ParticipantOutcome => {
    const phone = phoneOf(sim, jid);
    const error = outcome(g, action, phone);
    if (!error && phone) apply(g, action, phone);
    return { phone, jid: phone && !error ? memberJid(sim, g, phone) : jid, ...(error ? { error } : {}) };
  });
  const done = outcomes.flatMap((o) => (o.error || !o.phone ? [] : [o.phone]));
  if (done.length) notifyMembers(sim, g, actor, { tag: action, attrs: {}, content: done.map((p) => participantNode(sim, g, p)) }, done);
  return outcomes;
}

export interface InfoChange {
  subject?: string;
  description?: string;
  announce?: boolean;
  locked?: boolean;
}

/** subject/description: any member unless the group is locked; settings: admins only */
export function changeInfo(sim: SimCore, groupId: string, actor: string, change: InfoChange): void {
  const g = memberGroup(sim, groupId, actor);
  const who = digits(actor);
  if ((change.subject !== undefined || change.description !== undefined) && g.locked) requireAdmin(g, who);
  if (change.announce !== undefined || change.locked !== undefined) requireAdmin(g, who);
  if (change.subject !== undefined && (!change.subject.trim() || [...change.subject].length > MAX_SUBJECT)) throw new GroupRefusal(406, 'not-acceptable');
  if (change.description !== undefined && [...change.description].length > MAX_DESCRIPTION) throw new GroupRefusal(406, 'not-acceptable');
  const t = String(Math.floor(Date.now() / 1000));
  if (change.subject !== undefined) {
    g.subject = change.subject;
    notifyMembers(sim, g, who, { tag: 'subject', attrs: { subject: g.subject, s_o: memberJid(sim, g, who), s_t: t } });
  }
  if (change.description !== undefined) {
    g.description = change.description;
    g.descId = change.description ? randomBytes(8).toString('hex').toUpperCase() : undefined;
    const body = change.description ? [{ tag: 'body', attrs: {}, content: Buffer.from(change.description) }] : undefined;
    notifyMembers(sim, g, who, { tag: 'description', attrs: g.descId ? { id: g.descId } : { delete: 'true' }, ...(body ? { content: body } : {}) });
  }
  if (change.announce !== undefined && change.announce !== g.announce) {
    g.announce = change.announce;
    notifyMembers(sim, g, who, { tag: g.announce ? 'announcement' : 'not_announcement', attrs: {} });
  }
  if (change.locked !== undefined && change.locked !== g.locked) {
    g.locked = change.locked;
    notifyMembers(sim, g, who, { tag: g.locked ? 'locked' : 'unlocked', attrs: {} });
  }
  sim.changed();
}

/** the invite code (admins only); `revoke` makes a new one and the old one stops working */
export function inviteCode(sim: SimCore, groupId: string, actor: string, revoke = false): string {
  const g = memberGroup(sim, groupId, actor);
  requireAdmin(g, actor);
  if (revoke) {
    g.inviteCode = newInviteCode();
    notifyMembers(sim, g, digits(actor), { tag: 'invite', attrs: { code: g.inviteCode } });
    sim.changed();
  }
  return g.inviteCode;
}

/** someone joins with an invite code: 404 no group has that code (it was revoked or never was) */
export function joinByInvite(sim: SimCore, code: string, phone: string): Group {
  const g = [...sim.groups.values()].find((x) => x.inviteCode === code);
  if (!g) throw new GroupRefusal(404, 'item-not-found');
  const who = digits(phone);
  if (isMember(g, who)) throw new GroupRefusal(409, 'conflict');
  g.participants.push(who);
  notifyMembers(sim, g, who, { tag: 'add', attrs: { reason: 'invite' }, content: [participantNode(sim, g, who)] });
  return g;
}

/** a member leaves: the others see a `remove` whose participant is its author */
export function leaveGroup(sim: SimCore, groupId: string, phone: string): void {
  const g = memberGroup(sim, groupId, phone);
  const who = digits(phone);
  const node = { tag: 'remove', attrs: {}, content: [participantNode(sim, g, who)] };
  if (who === g.owner) {
    const heir = g.admins[0] ?? g.participants[0];
    if (heir) g.owner = heir;
    else sim.groups.delete(g.id);
  }
  g.participants = g.participants.filter((p) => p !== who && p !== g.owner);
  g.admins = g.admins.filter((p) => p !== who && p !== g.owner);
  notifyMembers(sim, g, who, node, [who]);
}

/** the `w:gp2` notification to every linked device of the members (and of `alsoTo`, e.g. the removed) */
function notifyMembers(sim: SimCore, g: Group, actor: string, child: BinaryNode, alsoTo: string[] = []): void {
  const actorLid = sim.dir.contacts.get(actor)?.lid ?? sim.dir.accounts.get(actor)?.lid;
  const attrs: Record<string, string> = {
    from: g.id,
    type: 'w:gp2',
    id: randomBytes(6).toString('hex'),
    t: String(Math.floor(Date.now() / 1000)),
    participant: memberJid(sim, g, actor),
    addressing_mode: g.addressing,
    ...(g.addressing === 'lid' ? { participant_pn: `${actor}@s.whatsapp.net` } : actorLid ? { participant_lid: `${actorLid}@lid` } : {}),
  };
  const recipients = new Set([g.owner, ...g.participants, ...alsoTo]);
  for (const phone of recipients) {
    const account = sim.dir.accounts.get(phone);
    for (const comp of account?.companions.values() ?? []) sim.deliver(comp, { tag: 'notification', attrs: { ...attrs }, content: [child] });
  }
  sim.changed();
}
