// Drains one session's running campaigns, on the host that owns the session (the driver starts and
// stops it with the session, so a lost lease stops it too).
//
// Everything is read back from the database at each step, so a restart, a pause, a delete or a
// takeover by another host simply carries on from the rows:
//   - one recipient at a time: the next pending one is claimed (status `sending`, its WhatsApp id
//     stored) in the same batch that queues its `messages` row; the send queue sends it with the
//     rate limit and retries of API sends, and settles the recipient (sent/failed) itself;
//   - a recipient found `sending` is in flight: the runner only waits for it (after a crash the
//     queue resends it under the same id) and never claims another meanwhile;
//   - the delay runs from one claim to the next, so the configured gap is the gap between sends.
import type { Logger } from 'pino';
import { newWaMessageId } from '../../../shared/src/api/messages.js';
import type { StoredCampaignMessage } from '../../../shared/src/campaigns/render-message.js';
import type { HostDb } from '../db/client.js';
import { CampaignStore, type ActiveCampaign, type InflightRow, type Statistics } from './campaign-store.js';
import { outgoingFor, parseSettings, type RunnerSettings } from './outgoing.js';
import { Wakeup } from './wakeup.js';

export interface CampaignRunnerOptions {
  /** Idle re-read when nothing is running (scheduled campaigns are also checked this often). */
  idlePollMs: number;
  /** Re-read when the session has no campaign at all: a new one is announced by a kick, so this
   * only covers a lost kick (and keeps a thousand idle sessions from a read each a second). */
  noCampaignPollMs: number;
  /** At most one `campaign.progress` event per campaign this often. */
  progressIntervalMs: number;
  /** Longest gap between two reads while waiting for the in-flight recipient. */
  settlePollMaxMs: number;
  random: () => number;
}

const DEFAULTS: CampaignRunnerOptions = { idlePollMs: 1000, noCampaignPollMs: 1000, progressIntervalMs: 1000, settlePollMaxMs: 20, random: Math.random };

interface Current {
  id: string;
  name: string;
  message: StoredCampaignMessage;
  settings: RunnerSettings;
  /** No claim before this time (last claim + delay + jitter). */
  nextDueAt: number;
  lastProgressAt: number;
  /** Recipients settled since the last write, whose attempts are copied at the next one. */
  settled: number[];
}

export const waitingDetail = (sessionId: string) => `Waiting for session ${sessionId} to reconnect to WhatsApp.`;
/** A campaign held by the session's send governor says so in its detail, with this prefix. */
export const GOVERNOR_DETAIL = 'Send governor: ';

export class CampaignRunner {
  private readonly store: CampaignStore;
  private readonly options: CampaignRunnerOptions;
  private readonly wakeup = new Wakeup();
  private stopped = false;
  private loopDone: Promise<void> | undefined;
  private current: Current | undefined;
  private nextScanAt = 0;

  constructor(
    private readonly sessionId: string,
    db: HostDb,
    private readonly session: {
      readonly connected: boolean;
      kickQueue(): void;
      /** why the send governor holds every send back now (pause, quiet hours, a cap), or null */
      governorHold?(): string | null;
    },
    private readonly logger: Logger,
    options: Partial<CampaignRunnerOptions> = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.store = new CampaignStore(db, sessionId);
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    this.loopDone ??= this.loop();
  }

  /** A campaign was started or resumed, or the session reconnected: look now. */
  kick(): void {
    this.nextScanAt = 0;
    this.wakeup.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.wake();
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let waitMs: number;
      try {
        waitMs = await this.step();
      } catch (err) {
        this.logger.error({ err, sessionId: this.sessionId, campaignId: this.current?.id }, 'campaign runner step failed');
        this.current = undefined;
        waitMs = this.options.idlePollMs;
      }
      if (waitMs > 0 && !this.stopped) await this.wakeup.sleep(waitMs);
    }
  }

  /** One step; returns how long to wait before the next. */
  private async step(): Promise<number> {
    const now = this.clock();
    if (!this.current || now >= this.nextScanAt) {
      const idleMs = await this.scan(now);
      if (!this.current) return idleMs;
    }
    return this.advance(this.current!);
  }

  /** Starts due scheduled campaigns and picks the campaign to work on (the oldest running one: a
   * session's campaigns run one after another, each keeping its own delay). */
  private async scan(now: number): Promise<number> {
    let active = await this.store.active();
    // Written only when one is due: an idle session's scan stays a read.
    if (active.some((c) => c.status === 'scheduled' && (c.scheduledAt ?? Infinity) <= now)) {
      const promoted = await this.store.promoteDue(now);
      if (promoted.length > 0) this.logger.info({ sessionId: this.sessionId, campaigns: promoted }, 'scheduled campaigns started');
      active = await this.store.active();
    }
    if (active.length === 0) {
      this.current = undefined;
      this.nextScanAt = now + this.options.noCampaignPollMs;
      return this.options.noCampaignPollMs;
    }
    const soonest = Math.min(...active.filter((c) => c.status === 'scheduled').map((c) => c.scheduledAt ?? Infinity));
    const untilScheduled = Number.isFinite(soonest) ? Math.max(10, soonest - now) : Infinity;
    this.nextScanAt = now + Math.min(this.options.idlePollMs, untilScheduled);
    const running = active.find((c) => c.status === 'running');
    if (!running) this.current = undefined;
    else if (running.id !== this.current?.id) this.current = await this.begin(running);
    return Math.min(this.options.idlePollMs, untilScheduled);
  }

  private async begin(row: ActiveCampaign): Promise<Current> {
    const settings = parseSettings(row.settings);
    const lastSent = await this.store.lastSentAt(row.id);
    this.logger.info({ sessionId: this.sessionId, campaignId: row.id }, 'campaign runner working on campaign');
    return {
      id: row.id,
      name: row.name,
      message: JSON.parse(row.message) as StoredCampaignMessage,
      settings,
      nextDueAt: lastSent === null ? 0 : lastSent + settings.delayBetweenMessages,
      lastProgressAt: 0,
      settled: [],
    };
  }

  private async advance(cur: Current): Promise<number> {
    const now = this.clock();
    const progressDue = now - cur.lastProgressAt >= this.options.progressIntervalMs;
    const state = await this.store.step(cur.id, progressDue);
    if (state.campaign?.status !== 'running') {
      // Paused, cancelled, deleted or finished elsewhere: the in-flight message (if any) is the
      // send queue's to finish; nothing more is claimed.
      this.current = undefined;
      this.nextScanAt = 0;
      return 0;
    }
    const waiting = waitingDetail(this.sessionId);
    if (!this.session.connected) {
      if (state.campaign.statusDetail !== waiting) await this.store.setDetail(cur.id, waiting, now);
      return this.options.idlePollMs;
    }
    if (state.campaign.statusDetail === waiting) await this.store.setDetail(cur.id, null, now, waiting);
    await this.showGovernorHold(cur, state.campaign.statusDetail, now);
    if (state.inflight) return this.awaitInflight(cur, state.inflight);
    if (!state.next) {
      await this.finish(cur);
      return 0;
    }
    // A long delay is waited in slices, so scheduled campaigns and pauses are still seen meanwhile.
    if (now < cur.nextDueAt) return Math.min(cur.nextDueAt - now, this.options.idlePollMs);

    const built = outgoingFor(cur.message, state.next);
    if (!built.ok) {
      await this.store.failUnsendable(cur.id, state.next.id, built.reason);
      return 0;
    }
    const progress = state.stats ? this.progressEvent(cur, state.stats) : undefined;
    const waMessageId = newWaMessageId();
    const claimed = await this.store.claim({
      campaignId: cur.id,
      recipientId: state.next.id,
      waMessageId,
      payload: built.payload,
      maxAttempts: cur.settings.maxRetries + 1,
      now,
      progress,
      settledIds: cur.settled,
    });
    cur.settled = [];
    if (progress) cur.lastProgressAt = now;
    if (claimed) {
      const jitter = cur.settings.jitterMs > 0 ? Math.floor(this.options.random() * cur.settings.jitterMs) : 0;
      cur.nextDueAt = now + cur.settings.delayBetweenMessages + jitter;
      this.session.kickQueue();
    }
    return 0;
  }

  /** Waits for the recipient being sent to settle. Its message is normally in the send queue; one
   * already settled or missing (state left by an older host) is repaired from the rows. */
  private async awaitInflight(cur: Current, row: InflightRow): Promise<number> {
    const now = this.clock();
    if (row.messageStatus === null) {
      const built = outgoingFor(cur.message, row);
      if (!row.waMessageId || !built.ok) {
        await this.store.settleFromMessage(row.id, 'failed', built.ok ? 'The message was lost before it was sent.' : built.reason, now);
        return 0;
      }
      await this.store.requeue(row.id, row.waMessageId, built.payload, cur.settings.maxRetries + 1, now);
      this.session.kickQueue();
      return 0;
    }
    if (row.messageStatus === 'failed' || ['sent', 'delivered', 'read'].includes(row.messageStatus)) {
      await this.store.settleFromMessage(row.id, row.messageStatus === 'failed' ? 'failed' : 'sent', row.messageError, now);
      cur.settled.push(row.id);
      return 0;
    }
    // A retry waits for its backoff; poll around that time rather than throughout.
    if (row.messageStatus === 'queued' && row.nextAttemptAt && row.nextAttemptAt > now + this.options.settlePollMaxMs) {
      return Math.min(row.nextAttemptAt - now, this.options.idlePollMs);
    }
    // Sends take milliseconds: poll fast at first, then every settlePollMaxMs, for up to a second
    // before the step re-reads everything (pause, disconnect, delete).
    let gap = 2;
    const until = now + this.options.idlePollMs;
    while (!this.stopped && this.session.connected && this.clock() < until) {
      await this.wakeup.sleep(gap);
      const status = await this.store.recipientStatus(row.id);
      // Again, in case the first kick landed while the queue was between a claim and its idle
      // wait (it would otherwise sleep its whole poll interval); a kick to a busy queue is a no-op.
      if (status === 'sending') this.session.kickQueue();
      if (status !== 'sending') {
        if (status === 'sent' || status === 'failed') cur.settled.push(row.id);
        return 0;
      }
      gap = Math.min(gap * 2, this.options.settlePollMaxMs);
    }
    return 0;
  }

  /** Completion rule: nothing pending or sending any more → `failed` if every recipient failed
   * (nothing was delivered at all), otherwise `completed` (statistics say how many failed). */
  private async finish(cur: Current): Promise<void> {
    const stats = await this.store.stats(cur.id);
    if (stats.pending > 0) return;
    const allFailed = stats.total > 0 && stats.failed === stats.total;
    const reason = allFailed ? await this.store.firstFailure(cur.id) : null;
    const detail = allFailed ? `All ${stats.total} recipients failed${reason ? ` (first: ${reason})` : ''}.` : `${stats.sent} sent, ${stats.failed} failed.`;
    const status = allFailed ? 'failed' : 'completed';
    const now = this.clock();
    const done = await this.store.finish(cur.id, status, detail, { id: cur.id, name: cur.name, status, statusDetail: detail, statistics: stats }, now);
    if (done) this.logger.info({ sessionId: this.sessionId, campaignId: cur.id, status, ...stats }, 'campaign finished');
    this.current = undefined;
    this.nextScanAt = 0;
  }

  /** The governor's hold in the detail (with a `campaign.progress` saying so), cleared when it lifts.
   * The campaign stays `running`: its next message waits in the queue and goes by itself. */
  private async showGovernorHold(cur: Current, detail: string | null, now: number): Promise<void> {
    const hold = this.session.governorHold?.() ?? null;
    const wanted = hold === null ? null : GOVERNOR_DETAIL + hold;
    if (wanted === detail || (wanted === null && !detail?.startsWith(GOVERNOR_DETAIL))) return;
    const stats = await this.store.stats(cur.id);
    await this.store.setDetail(cur.id, wanted, now, detail ?? undefined, {
      id: cur.id,
      name: cur.name,
      status: 'running',
      statusDetail: wanted,
      statistics: stats,
    });
  }

  private progressEvent(cur: Current, stats: Statistics): Record<string, unknown> {
    return { id: cur.id, name: cur.name, status: 'running', statusDetail: null, statistics: stats };
  }
}
