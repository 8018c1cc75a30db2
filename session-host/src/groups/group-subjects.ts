import { WAMessageStubType, type BaileysEventMap, type GroupMetadata } from '@whiskeysockets/baileys';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { HostDb } from '../db/client.js';
import { cut, LIMITS } from '../events/bounded.js';
import type { StatementBatcher } from '../events/statement-batcher.js';

/** Asks WhatsApp for a group's metadata (`sock.groupMetadata`). */
export type GroupMetadataFetch = (groupJid: string) => Promise<Pick<GroupMetadata, 'subject'>>;

/** Stubs whose first parameter is the group's (new) subject. */
const SUBJECT_STUBS: number[] = [WAMessageStubType.GROUP_CREATE, WAMessageStubType.GROUP_CHANGE_SUBJECT];

/** A group whose metadata could not be read is asked again with a message after this long. */
const RETRY_AFTER_MS = 60_000;

const isGroup = (jid: string | null | undefined): jid is string => Boolean(jid?.endsWith('@g.us'));

/** Keeps `group_subjects`, the names the inbox shows for group chats. What each running session
 * knows is held in memory: a group's first message of a session's run asks WhatsApp for its
 * metadata once (never the database), later ones cost a map lookup; subjects learned from
 * `groups.upsert`/`groups.update` and subject-change stubs replace it. Writes join a statement
 * batcher. */
export class GroupSubjects {
  /** Per session: group JID → its subject, null while its metadata is being asked. */
  private readonly known = new Map<string, Map<string, string | null>>();

  constructor(
    private readonly db: HostDb,
    private readonly writes: StatementBatcher,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The groups of these messages: asks for the metadata of each not known yet, and takes the
   * subject from a create or subject-change stub (Baileys' event buffer may drop its `groups.update`). */
  seen(sessionId: string, fetch: GroupMetadataFetch, messages: BaileysEventMap['messages.upsert']['messages']): void {
    for (const msg of messages) {
      const groupJid = msg.key.remoteJid;
      if (!isGroup(groupJid)) continue;
      const subject = SUBJECT_STUBS.includes(msg.messageStubType ?? -1) ? msg.messageStubParameters?.[0] : undefined;
      if (subject) this.learn(sessionId, groupJid, subject);
      else this.ask(sessionId, groupJid, fetch);
    }
  }

  /** Subjects from Baileys' group events (a group joined or created, a subject changed). */
  learnAll(sessionId: string, groups: readonly { id?: string | null; subject?: string | null }[]): void {
    for (const { id, subject } of groups) if (isGroup(id) && subject) this.learn(sessionId, id, subject);
  }

  /** The session stopped: its next run asks again (a subject may change while it is away). */
  forget(sessionId: string): void {
    this.known.delete(sessionId);
  }

  private ask(sessionId: string, groupJid: string, fetch: GroupMetadataFetch): void {
    const groups = this.groupsOf(sessionId);
    if (groups.has(groupJid)) return;
    groups.set(groupJid, null);
    fetch(groupJid).then(
      ({ subject }) => {
        // a subject learned meanwhile (a change) is newer than this answer
        if (groups.get(groupJid) === null && subject) this.learn(sessionId, groupJid, subject);
      },
      (err: unknown) => {
        this.logger.warn({ err, sessionId, groupJid }, 'could not read the group subject');
        // asked again with a later message, not with every one (a group the account left keeps failing)
        setTimeout(() => {
          if (groups.get(groupJid) === null) groups.delete(groupJid);
        }, RETRY_AFTER_MS).unref();
      },
    );
  }

  private learn(sessionId: string, groupJid: string, raw: string): void {
    const subject = cut(raw, LIMITS.shortTextChars) ?? '';
    const groups = this.groupsOf(sessionId);
    if (groups.get(groupJid) === subject) return;
    groups.set(groupJid, subject);
    const now = this.clock();
    this.writes.add([
      this.db.run(sql`insert into group_subjects (session_id, group_jid, subject, updated_at) values (${sessionId}, ${groupJid}, ${subject}, ${now})
        on conflict (session_id, group_jid) do update set subject = excluded.subject, updated_at = excluded.updated_at`),
    ]);
  }

  private groupsOf(sessionId: string): Map<string, string | null> {
    const groups = this.known.get(sessionId) ?? new Map<string, string | null>();
    this.known.set(sessionId, groups);
    return groups;
  }
}
