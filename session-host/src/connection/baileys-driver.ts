import type { Logger } from 'pino';
import type { PresenceCommand, ReadCommand } from '../../../shared/src/api/chats.js';
import type { MediaStore } from '../../../shared/src/storage/media-store.js';
import { loadAuthState, type StoredAuthState } from '../auth-state/libsql-auth-state.js';
import { storedDeviceCache } from '../auth-state/stored-device-cache.js';
import type { HostDb } from '../db/client.js';
import { UNFENCED, type LeaseFence } from '../leases/lease-fence.js';
import { CampaignRunner } from '../campaigns/campaign-runner.js';
import { IncomingMedia } from '../events/incoming-media.js';
import { IncomingMessages } from '../events/incoming-messages.js';
import { advanceStatusStatements, statusUpdateStatements } from '../events/message-status.js';
import { refusalText } from '../governor/danger-signals.js';
import { tapRefusals, type Refusal } from '../governor/refusal-tap.js';
import { StatementBatcher } from '../events/statement-batcher.js';
import { runGroupCommand } from '../groups/group-commands.js';
import { baileysGroupSource, GroupEvents } from '../groups/group-events.js';
import { GroupSubjects } from '../groups/group-subjects.js';
import { ContactCheck, type CheckedContact } from '../identity/contact-check.js';
import { feedIdentities } from '../identity/identity-feed.js';
import { identitiesOf, identityFields, keyStoreLookup } from '../identity/identity-fields.js';
import { IdentityStore } from '../identity/identity-store.js';
import type { HostMetrics } from '../metrics/host-metrics.js';
import { tapLidMappings } from '../identity/lid-mapping-tap.js';
import { MessageContentBuilder } from '../sending/message-content.js';
import { MessageRefs } from '../sending/message-refs.js';
import { SendGovernor, type GovernorDefaults } from '../governor/send-governor.js';
import { SendQueue } from '../sending/send-queue.js';
import { SessionCommandError, type GovernorAction, type SessionDriver } from '../sessions/session-manager.js';
import type { SessionStatusWriter } from '../sessions/session-status-writer.js';
import type { GroupCommand } from '../../../shared/src/api/groups.js';
import { ConnectGate } from './connect-gate.js';
import type { SocketFactory } from './socket-factory.js';
import { type SessionProxy, sessionProxy } from './session-proxy.js';
import { type ConnectionSettings, WaSession } from './wa-session.js';
import { PollVotes } from '../events/poll-votes.js';
import { AiReplies } from '../ai-reply/ai-replies.js';
import { AutoReplier } from '../auto-reply/auto-replier.js';
import { AutoReplyStore } from '../auto-reply/auto-reply-store.js';

export interface SendSettings {
  ratePerMinute: number;
  jitterMs: number;
  maxAttempts: number;
  mediaFetchTimeoutMs: number;
  /** Incoming media over this many bytes is not stored. */
  maxIncomingMediaBytes: number;
  allowPrivateNetwork: boolean;
  /** Zombie detection, reconnects, 440 choice and client version, for every session. */
  connection: Omit<ConnectionSettings, 'agent'>;
  /** Key the sessions' proxy URLs are sealed under (HOST_SHARED_SECRET, which the edge holds too). */
  sealingSecret: string;
  /** How long a contact check's on/off-WhatsApp answer is reused. */
  contactCheckTtlMs: number;
  /** The send governor's defaults (SEND_*); each session may override them. */
  governor: GovernorDefaults;
  /** The longest a call to a session's AI endpoint may take. */
  aiTimeoutMs: number;
  /** Longest idle sleep of a send queue or campaign runner (default IDLE_POLL_MAX_MS): tests that
   * move the sessions' clock set it short, since a sleep does not notice the clock jump. */
  idlePollMaxMs?: number;
}

/** A contact check waits this long at most for send-governor slots, well inside the edge's call
 * timeout; numbers left over are answered `processing`. */
const CONTACT_CHECK_BUDGET_MS = 10_000;

/** How long an idle session's send queue and campaign runner may go without looking at the
 * database: new work comes with a kick, so this only bounds a lost kick. */
const IDLE_POLL_MAX_MS = 30_000;

/** Sockets of this host connecting at once (see ConnectGate). */
const CONNECTING_AT_ONCE = 32;

interface Running {
  auth: StoredAuthState;
  wa: WaSession;
  governor: SendGovernor;
  queue: SendQueue;
  campaigns: CampaignRunner;
  proxy: SessionProxy | undefined;
}

/** Runs sessions on Baileys: a socket, its auth state in libSQL, its send queue, and the handlers
 * that turn WhatsApp events into rows and webhook events. */
export class BaileysDriver implements SessionDriver {
  private readonly running = new Map<string, Running>();
  private readonly incoming: IncomingMessages;
  private readonly content: MessageContentBuilder;
  private readonly statuses: StatementBatcher;
  private readonly groupEvents: GroupEvents;
  private readonly groupSubjects: GroupSubjects;
  private readonly identities: IdentityStore;
  private readonly contactCheck: ContactCheck;
  private readonly ai: AiReplies;
  private readonly replier: AutoReplier;
  private readonly connectGate = new ConnectGate(CONNECTING_AT_ONCE);

  constructor(
    private readonly db: HostDb,
    private readonly status: SessionStatusWriter,
    store: MediaStore,
    private readonly socketFactory: SocketFactory,
    private readonly settings: SendSettings,
    private readonly logger: Logger,
    private readonly metrics?: HostMetrics,
    private readonly clock: () => number = Date.now,
  ) {
    this.statuses = new StatementBatcher(db, logger);
    const dispatcherOf = (sessionId: string) => this.running.get(sessionId)?.proxy?.dispatcher;
    const media = new IncomingMedia(store, settings.maxIncomingMediaBytes, logger, dispatcherOf);
    this.ai = new AiReplies(db, {
      sealingSecret: settings.sealingSecret,
      call: { timeoutMs: settings.aiTimeoutMs, allowPrivateNetwork: settings.allowPrivateNetwork },
      kick: (sessionId) => this.running.get(sessionId)?.queue.kick(),
      logger: logger.child({ component: 'ai-replies' }),
      clock,
      metrics,
    });
    this.replier = new AutoReplier(new AutoReplyStore(db), (sessionId) => this.kick(sessionId), logger.child({ component: 'auto-reply' }), clock);
    this.incoming = new IncomingMessages(db, media, this.statuses, logger, Date.now, metrics, this.ai, this.replier);
    this.groupEvents = new GroupEvents(db, logger);
    this.groupSubjects = new GroupSubjects(db, this.statuses, logger.child({ component: 'group-subjects' }), clock);
    // Their own batcher: identity writes never hold up or fail a status batch.
    this.identities = new IdentityStore(db, new StatementBatcher(db, logger, 50));
    this.contactCheck = new ContactCheck(this.identities, { ttlMs: settings.contactCheckTtlMs, budgetMs: CONTACT_CHECK_BUDGET_MS });
    this.content = new MessageContentBuilder(
      store,
      { timeoutMs: settings.mediaFetchTimeoutMs, allowPrivateNetwork: settings.allowPrivateNetwork },
      new MessageRefs(db),
      new PollVotes(db),
    );
  }

  async start(sessionId: string, fence: LeaseFence = UNFENCED): Promise<void> {
    if (this.running.has(sessionId)) return;
    const proxied = await sessionProxy(this.db, sessionId, this.settings.sealingSecret);
    if ('error' in proxied) {
      // Connecting without it would show WhatsApp the address the operator meant to hide.
      await this.status.set(sessionId, 'DISCONNECTED', proxied.error);
      return;
    }
    const { proxy } = proxied;
    const stored = await loadAuthState(this.db, sessionId, this.statuses);
    const auth: StoredAuthState = { ...stored, keys: tapLidMappings(stored.keys, (pairs) => this.identities.learnPairs(sessionId, pairs)) };
    const people = keyStoreLookup(auth.keys);
    const logger = this.logger.child({ sessionId });
    // Baileys is chatty at info; its warnings and errors are what an operator needs.
    const socketLogger = logger.child({ component: 'baileys' }, { level: logger.levelVal < 40 ? 'warn' : logger.level });
    let queue: SendQueue | undefined;
    let campaigns: CampaignRunner | undefined;
    const governor = new SendGovernor(
      sessionId,
      this.db,
      this.settings.governor,
      {
        socket: () => wa.rawSocket,
        wake: () => {
          queue?.release();
          campaigns?.kick();
        },
      },
      logger.child({ component: 'governor' }),
      this.clock,
      Math.random,
      this.metrics,
    );
    const wa: WaSession = new WaSession(
      sessionId,
      auth,
      this.status,
      this.socketFactory,
      {
        onOpen: () => {
          queue?.kick();
          campaigns?.kick();
        },
        onMessagesUpsert: async (event): Promise<void> => {
          const sock = wa.rawSocket!;
          this.groupSubjects.seen(sessionId, (groupJid) => sock.groupMetadata(groupJid), event.messages);
          await this.incoming.handleUpsert(sessionId, sock, event, people);
          // Group events are written on their own: only after the messages that came before them.
          if (event.messages.some((m) => m.messageStubType)) await this.incoming.written();
          await this.groupEvents.handleUpsert(sessionId, baileysGroupSource(wa.rawSocket!, people), event);
        },
        onMessagesUpdate: async (event) =>
          this.statuses.add(
            statusUpdateStatements(
              this.db,
              sessionId,
              event,
              this.clock(),
              await identitiesOf(
                people,
                event.map((e) => e.key.remoteJid),
              ),
            ),
          ),
        onUnacked: (ids) => queue?.requeueUnacked(ids),
        onSocket: (sock) => {
          feedIdentities(sessionId, sock, this.identities, logger);
          sock.ev.on('groups.upsert', (groups) => this.groupSubjects.learnAll(sessionId, groups));
          sock.ev.on('groups.update', (groups) => this.groupSubjects.learnAll(sessionId, groups));
          tapRefusals(sock, (refusal) => void this.refused(sessionId, governor, refusal, people));
        },
      },
      socketLogger,
      { ...this.settings.connection, agent: proxy?.agent, gate: this.connectGate, deviceCache: storedDeviceCache(auth.keys, this.clock) },
      this.clock,
      this.metrics,
      fence,
    );
    queue = new SendQueue(
      sessionId,
      this.db,
      wa,
      this.content,
      this.statuses,
      governor,
      { maxAttempts: this.settings.maxAttempts, pollMs: 1_000, idlePollMaxMs: this.settings.idlePollMaxMs ?? IDLE_POLL_MAX_MS, metrics: this.metrics, fence },
      logger,
      this.clock,
      (jid) => identityFields(people, jid),
    );
    // The campaign runner feeds this session's send queue; it lives and dies with the session, so
    // only the lease owner ever runs a session's campaigns.
    const sendQueue = queue;
    campaigns = new CampaignRunner(
      sessionId,
      this.db,
      {
        get connected() {
          return wa.connected;
        },
        kickQueue: () => sendQueue.kick(),
        governorHold: () => governor.sessionHold()?.reason ?? null,
      },
      logger.child({ component: 'campaigns' }),
      { noCampaignPollMs: this.settings.idlePollMaxMs ?? IDLE_POLL_MAX_MS },
      this.clock,
    );
    this.running.set(sessionId, { auth, wa, governor, queue, campaigns, proxy });
    await this.ai.load(sessionId).catch((err: unknown) => logger.error({ err }, 'could not read the AI reply settings'));
    // Read now, so a stored pause holds campaigns back before the first send asks.
    governor.reload().catch((err: unknown) => logger.error({ err }, 'could not read the send governor'));
    // Read before the socket opens, so the first messages it delivers meet the rules.
    await this.replier.load(sessionId).catch((err: unknown) => logger.error({ err }, 'could not read the auto-reply rules'));
    await wa.start();
    queue.start();
    campaigns.start();
  }

  async stop(sessionId: string, options: { logout: boolean }): Promise<void> {
    const running = this.running.get(sessionId);
    if (!running) return;
    this.running.delete(sessionId);
    this.ai.forget(sessionId);
    this.replier.forget(sessionId);
    this.groupSubjects.forget(sessionId);
    await running.campaigns.stop();
    await running.queue.stop();
    const unacked = await running.wa.stop(options);
    running.proxy?.agent.destroy();
    await running.proxy?.dispatcher.close();
    await this.incoming.written();
    await this.statuses.flush();
    // Written to the socket, never acknowledged: WhatsApp may not have them. The next owner sends them
    // again under the same ids (a repeat WhatsApp shows once).
    await running.queue.requeueAfterStop(unacked);
    await this.identities.flush();
    if (options.logout) await running.auth.clear();
  }

  /** Messages were queued, or a campaign was started or resumed. */
  kick(sessionId: string): void {
    const running = this.running.get(sessionId);
    running?.queue.kick();
    running?.campaigns.kick();
  }

  async requestPairingCode(sessionId: string, phoneNumber: string): Promise<string> {
    const running = this.require(sessionId);
    if (running.auth.creds.registered) throw new SessionCommandError(409, `Session ${sessionId} is already paired.`);
    const sock = running.wa.rawSocket;
    if (!sock) throw new SessionCommandError(409, `Session ${sessionId} is reconnecting; try again in a few seconds.`);
    const code = await sock.requestPairingCode(phoneNumber);
    return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
  }

  async revoke(sessionId: string, remoteJid: string, messageId: string): Promise<void> {
    await this.connectedSocket(sessionId).sendMessage(remoteJid, { delete: { remoteJid, fromMe: true, id: messageId } });
  }

  /** Read receipts and presence are signals, not messages: nothing to store, retry or report, so
   * they go straight to the socket instead of through the send queue. */
  async readMessages(sessionId: string, keys: ReadCommand['keys']): Promise<void> {
    await this.connectedSocket(sessionId).readMessages(keys.map((key) => ({ ...key, fromMe: false })));
  }

  async sendPresence(sessionId: string, command: PresenceCommand): Promise<void> {
    await this.connectedSocket(sessionId).sendPresenceUpdate(command.presence, command.chatJid);
  }

  private connectedSocket(sessionId: string) {
    const running = this.require(sessionId);
    if (!running.wa.connected) throw new SessionCommandError(409, `Session ${sessionId} is not connected.`);
    return running.wa.socket;
  }

  /** WhatsApp refused a send: the message fails with the server's reason (also when Baileys' own
   * ERROR update was lost), and the governor counts a danger signal. */
  private async refused(sessionId: string, governor: SendGovernor, refusal: Refusal, people: Parameters<typeof identityFields>[0]): Promise<void> {
    governor.refused(refusal.code);
    const person = await identityFields(people, refusal.to).catch(() => ({}));
    const reason = `WhatsApp refused the message (${refusalText(refusal.code)}).`;
    this.statuses.add(advanceStatusStatements(this.db, sessionId, refusal.id, refusal.to, 'failed', this.clock(), reason, person));
  }

  async groups(sessionId: string, command: GroupCommand): Promise<Record<string, unknown>> {
    const running = this.require(sessionId);
    if (!running.wa.connected) throw new SessionCommandError(409, `Session ${sessionId} is not connected.`);
    const sock = running.wa.socket;
    return runGroupCommand(sock, command, keyStoreLookup(running.auth.keys));
  }

  /** Which numbers are on WhatsApp, with their LIDs; see ContactCheck. */
  async checkContacts(sessionId: string, numbers: string[]): Promise<CheckedContact[]> {
    const running = this.require(sessionId);
    if (!running.wa.connected) throw new SessionCommandError(409, `Session ${sessionId} is not connected.`);
    return this.contactCheck.check(sessionId, running.wa.socket, running.governor.pace, numbers);
  }

  async governor(sessionId: string, action: GovernorAction): Promise<Record<string, unknown>> {
    const { governor } = this.require(sessionId);
    if (action === 'resume') return { resumed: await governor.resume() };
    if (action === 'reload') await governor.settingsChanged();
    return governor.view();
  }

  /** The AI reply settings changed: read them again (a session not running here reads them at its start). */
  async reloadAi(sessionId: string): Promise<void> {
    if (this.running.has(sessionId)) await this.ai.load(sessionId);
  }

  /** The edge changed the session's auto-reply rules. */
  async reloadAutoReplies(sessionId: string): Promise<void> {
    this.require(sessionId);
    await this.replier.load(sessionId);
  }

  private require(sessionId: string): Running {
    const running = this.running.get(sessionId);
    if (!running) throw new SessionCommandError(409, `Session ${sessionId} is not running on this host.`);
    return running;
  }
}
