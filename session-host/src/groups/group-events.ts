import { WAMessageStubType, type BaileysEventMap, type WAMessage, type WASocket } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { GroupParticipantsEventData, GroupUpdateEventData, Person } from '../../../shared/src/api/groups.js';
import { recordEvent } from '../../../shared/src/events.js';
import type { HostDb } from '../db/client.js';
import type { LidPnLookup } from '../identity/identity-fields.js';
import { participantIds, samePerson, type RawParticipant } from './participant-ids.js';

type ParticipantAction = GroupParticipantsEventData['action'];

const PARTICIPANT_STUBS: Partial<Record<number, ParticipantAction>> = {
  [WAMessageStubType.GROUP_PARTICIPANT_ADD]: 'add',
  [WAMessageStubType.GROUP_PARTICIPANT_INVITE]: 'add',
  [WAMessageStubType.GROUP_PARTICIPANT_REMOVE]: 'remove',
  [WAMessageStubType.GROUP_PARTICIPANT_LEAVE]: 'leave',
  [WAMessageStubType.GROUP_PARTICIPANT_PROMOTE]: 'promote',
  [WAMessageStubType.GROUP_PARTICIPANT_DEMOTE]: 'demote',
};

const on = (param: string | undefined): boolean => param === 'on' || param === 'true';
const UPDATE_STUBS: Partial<Record<number, (param: string | undefined) => GroupUpdateEventData['changes']>> = {
  [WAMessageStubType.GROUP_CHANGE_SUBJECT]: (param) => ({ subject: param ?? '' }),
  [WAMessageStubType.GROUP_CHANGE_DESCRIPTION]: (param) => ({ description: param || null }),
  [WAMessageStubType.GROUP_CHANGE_ANNOUNCE]: (param) => ({ announcement: on(param) }),
  [WAMessageStubType.GROUP_CHANGE_RESTRICT]: (param) => ({ locked: on(param) }),
};

/** What a group's people look like to the events: Baileys' LID store, then the group's own metadata. */
export interface GroupEventSource {
  lookup: LidPnLookup;
  groupParticipants(groupId: string): Promise<RawParticipant[]>;
}

/** Turns WhatsApp's group notifications into `group.participants` and `group.update` webhooks.
 * Baileys emits `group-participants.update` and `groups.update` from the same stub messages it
 * puts in `messages.upsert`; the stubs are read because its event buffer keeps only the first
 * `groups.update` per group in a batch (rc14), which loses e.g. a description set right after a
 * subject. */
export class GroupEvents {
  constructor(
    private readonly db: HostDb,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  async handleUpsert(sessionId: string, source: GroupEventSource, event: BaileysEventMap['messages.upsert']): Promise<void> {
    for (const msg of event.messages) {
      const groupId = msg.key.remoteJid;
      if (!msg.messageStubType || !groupId?.endsWith('@g.us')) continue;
      await this.record(sessionId, source, groupId, msg).catch((err) => this.logger.error({ err, sessionId, groupId }, 'could not record group event'));
    }
  }

  private async record(sessionId: string, source: GroupEventSource, groupId: string, msg: WAMessage): Promise<void> {
    const type = msg.messageStubType as number;
    const action = PARTICIPANT_STUBS[type];
    const change = UPDATE_STUBS[type];
    if (!action && !change) return;
    const resolver = new PersonResolver(source, groupId);
    const authorJid = msg.key.participant ?? msg.participant;
    const author = authorJid ? await resolver.resolve({ id: authorJid, phoneNumber: (msg.key as { participantAlt?: string }).participantAlt }) : null;
    const common = { id: msg.key.id ?? '', groupId, author, timestamp: Number(msg.messageTimestamp ?? Math.floor(this.clock() / 1000)) };
    if (change) {
      const data: GroupUpdateEventData = { ...common, changes: change(msg.messageStubParameters?.[0] ?? undefined) };
      await recordEvent(this.db, sessionId, 'group.update', data, this.clock());
      return;
    }
    const raw = (msg.messageStubParameters ?? []).map((p: string) => JSON.parse(p) as RawParticipant);
    const participants = await Promise.all(raw.map((p: RawParticipant) => resolver.resolve(p)));
    const data: GroupParticipantsEventData = { ...common, action: refine(action!, participants, author), participants };
    if (data.author?.lid && !data.author.phone && participants.length === 1 && samePerson(participants[0]!, data.author)) data.author = participants[0]!;
    await recordEvent(this.db, sessionId, 'group.participants', data, this.clock());
  }
}

/** Someone adding themselves came in by invite link; someone removing themselves left. */
function refine(action: ParticipantAction, participants: Person[], author: Person | null): ParticipantAction {
  const self = !!author && participants.length === 1 && samePerson(participants[0]!, author);
  if (action === 'add' && self) return 'join';
  if (action === 'remove' && self) return 'leave';
  return action;
}

/** Both ids of each person, asking the group's metadata (once) for what the LID store does not know. */
class PersonResolver {
  private members: Promise<RawParticipant[]> | undefined;

  constructor(
    private readonly source: GroupEventSource,
    private readonly groupId: string,
  ) {}

  async resolve(raw: RawParticipant): Promise<Person> {
    const ids = await participantIds(raw, this.source.lookup);
    if (ids.phone && ids.lid) return ids;
    this.members ??= this.source.groupParticipants(this.groupId).catch(() => []);
    for (const member of await this.members) {
      const other = await participantIds(member);
      if (samePerson(other, ids)) return { phone: ids.phone ?? other.phone, lid: ids.lid ?? other.lid };
    }
    return ids;
  }
}

/** The source a live socket gives: the session's PN↔LID pairs and `groupMetadata`. */
export function baileysGroupSource(sock: Pick<WASocket, 'groupMetadata'>, lookup: LidPnLookup): GroupEventSource {
  return { lookup, groupParticipants: async (groupId) => (await sock.groupMetadata(groupId)).participants };
}
