// One session's send governor: the send queue asks it right before each socket send. It either
// lets the message go (paced by the RateGovernor, with an optional "typing…" first) or throws
// SendDeferred saying until when it waits: a pause, quiet hours, a daily/hourly/first-contact cap.
// It also counts danger signals and pauses the session when one crosses its threshold.
import type { WASocket } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import type { GovernorSettings, GovernorView } from '../../../shared/src/api/governor.js';
import type { QueuedMessage } from '../../../shared/src/api/messages.js';
import type { HostMetrics } from '../metrics/host-metrics.js';
import type { HostDb } from '../db/client.js';
import { RateGovernor } from '../sending/rate-governor.js';
import { RecentMap } from '../sending/recent-map.js';
import { DangerSignals, refusalText } from './danger-signals.js';
import { GovernorStore, type StoredGovernor } from './governor-store.js';
import { holdAt, limitsAt, quietUntil, type GovernorCounts, type Hold } from './limits.js';
import { dayBounds, hourBounds } from './local-time.js';
import { SendDeferred } from './send-deferred.js';

/** "typing…" lasts at most this long, however long the text. */
export const MAX_COMPOSING_MS = 15_000;
/** A paused session's held messages are looked at again this seldom: a resume (or new settings)
 * releases them at once, so the recheck only bounds a release that was lost. */
export const PAUSED_RECHECK_MS = 15 * 60_000;
/** Recipients a session's governor remembers as written to before; older ones are asked of the database again. */
const KNOWN_RECIPIENTS = 10_000;

export interface GovernorDefaults {
  settings: GovernorSettings;
  /** the window danger signals are counted over */
  pauseWindowMs: number;
}

export interface GovernorHooks {
  /** the session's socket, for composing presence (undefined while it reconnects) */
  socket(): Pick<WASocket, 'sendPresenceUpdate'> | undefined;
  /** sends may go again (resume, new settings): wake the queue and the campaigns */
  wake(): void;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export class SendGovernor {
  private readonly store: GovernorStore;
  private readonly danger = new DangerSignals();
  /** recipients known to have been written to, so the database is asked about each once (the most
   * recent ones: a session that writes to a hundred thousand numbers must not hold them all) */
  private readonly known = new RecentMap<string, true>(KNOWN_RECIPIENTS);
  private stored: StoredGovernor = { overrides: {}, paused: null, linkedAt: null };
  private settings: GovernorSettings;
  private rate: RateGovernor;
  private counts: GovernorCounts = { day: 0, hour: 0, firstContacts: 0 };
  private day = { start: 0, end: 0 };
  private hour = { start: 0, end: 0 };
  private loaded: Promise<void> | undefined;
  private admitting: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sessionId: string,
    db: HostDb,
    private readonly defaults: GovernorDefaults,
    private readonly hooks: GovernorHooks,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
    private readonly random: () => number = Math.random,
    private readonly metrics?: Pick<HostMetrics, 'governorWaited'>,
  ) {
    this.store = new GovernorStore(db, sessionId);
    this.settings = defaults.settings;
    this.rate = this.newRate();
  }

  /** The message pace, shared with contact checks (they cost WhatsApp queries like sends do). */
  get pace(): RateGovernor {
    return this.rate;
  }

  /** Pacing one at a time matters only with a rate; caps and holds are checked per message anyway. */
  get enabled(): boolean {
    return this.rate.enabled;
  }

  /** Reads the overrides, the pause and today's counts again (settings were changed). */
  reload(): Promise<void> {
    this.loaded = undefined;
    return this.ready();
  }

  /** Loaded once; a failed read is tried again by the next caller instead of failing them all. */
  private ready(): Promise<void> {
    this.loaded ??= this.load().catch((err: unknown) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  private async load(): Promise<void> {
    this.stored = await this.store.load();
    const next = { ...this.defaults.settings, ...this.stored.overrides };
    const paceChanged = next.ratePerMinute !== this.settings.ratePerMinute || next.jitterMs !== this.settings.jitterMs;
    this.settings = next;
    if (paceChanged) this.rate = this.newRate();
    this.day = { start: 0, end: 0 };
    await this.roll(this.clock());
  }

  private newRate(): RateGovernor {
    return new RateGovernor(this.settings.ratePerMinute, this.settings.jitterMs, this.clock, this.random, this.metrics);
  }

  /** Today's (and this hour's) counts, read back from the messages when the day or hour turns. */
  private async roll(now: number): Promise<void> {
    if (now >= this.day.start && now < this.day.end && now >= this.hour.start && now < this.hour.end) return;
    this.day = dayBounds(this.settings.timeZone, now);
    this.hour = hourBounds(this.settings.timeZone, now);
    this.counts = await this.store.counts(this.day.start, this.hour.start);
  }

  /** The queue's gate for one message: returns when it may go, throws SendDeferred otherwise. */
  async wait(remoteJid: string, item?: QueuedMessage): Promise<void> {
    // The queue sends to several chats at once: one admission at a time, or two sends could both
    // see the count under a cap before either is counted.
    const admitted = this.admitting.then(() => this.admit(remoteJid));
    this.admitting = admitted.catch(() => undefined);
    await admitted;
    await this.rate.wait();
    await this.compose(remoteJid, item);
  }

  /** Counts the message against every cap, or throws SendDeferred with what holds it. */
  private async admit(remoteJid: string): Promise<void> {
    await this.ready();
    const now = this.clock();
    await this.roll(now);
    const firstContact = !(await this.isKnown(remoteJid));
    const hold = this.holdNow(now, firstContact);
    if (hold) throw new SendDeferred(hold.reason, hold.until ?? now + PAUSED_RECHECK_MS, hold.kind !== 'first_contact_cap');
    this.counts.day++;
    this.counts.hour++;
    if (firstContact) this.counts.firstContacts++;
    this.known.set(remoteJid, true);
    this.danger.send(now);
  }

  private async isKnown(remoteJid: string): Promise<boolean> {
    if (this.known.has(remoteJid)) return true;
    const known = await this.store.isKnown(remoteJid);
    if (known) this.known.set(remoteJid, true);
    return known;
  }

  private holdNow(now: number, firstContact: boolean): Hold | null {
    const limits = limitsAt(this.settings, this.stored.linkedAt, now);
    return holdAt({ settings: this.settings, limits, counts: this.countsAt(now), paused: this.stored.paused, now, firstContact });
  }

  /** The counts, zero for a day or hour that has turned since they were read. */
  private countsAt(now: number): GovernorCounts {
    if (now >= this.day.end) return { day: 0, hour: 0, firstContacts: 0 };
    return now >= this.hour.end ? { ...this.counts, hour: 0 } : this.counts;
  }

  /** What holds back every message right now (first-contact cap aside), for the campaign runner. */
  sessionHold(): Hold | null {
    return this.loaded ? this.holdNow(this.clock(), false) : null;
  }

  /** "typing…" for a time proportional to the text, as a person would. */
  private async compose(remoteJid: string, item?: QueuedMessage): Promise<void> {
    const perChar = this.settings.composingMsPerChar;
    const chars = textLength(item);
    const sock = this.hooks.socket();
    if (perChar === 0 || chars === 0 || !sock || remoteJid.endsWith('@newsletter')) return;
    await sock.sendPresenceUpdate('composing', remoteJid).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_COMPOSING_MS, chars * perChar)));
    await sock.sendPresenceUpdate('paused', remoteJid).catch(() => undefined);
  }

  /** A send failed for good. */
  failed(): void {
    this.danger.failure(this.clock());
    void this.checkDanger();
  }

  /** WhatsApp's server refused a send (an error code in its ack). */
  refused(code: string): void {
    this.logger.warn({ sessionId: this.sessionId, code }, `WhatsApp refused a send (${refusalText(code)})`);
    this.danger.refusal(this.clock(), code);
    void this.checkDanger();
  }

  private async checkDanger(): Promise<void> {
    if (this.stored.paused) return;
    const now = this.clock();
    const reason = this.danger.check(now, {
      windowMs: this.defaults.pauseWindowMs,
      failureRatio: this.settings.pauseFailureRatio,
      refusals: this.settings.pauseRefusals,
    });
    if (!reason) return;
    this.stored = { ...this.stored, paused: { reason, at: now } };
    this.logger.warn({ sessionId: this.sessionId, reason }, 'sends paused by the send governor');
    try {
      await this.store.setPaused(reason, now);
    } catch (err) {
      this.logger.error({ err, sessionId: this.sessionId }, 'could not store the send pause');
    }
  }

  /** An operator resumes: the pause and its signals are forgotten and held messages go. False when
   * nothing was paused. */
  async resume(): Promise<boolean> {
    await this.ready();
    const wasPaused = this.stored.paused !== null;
    if (wasPaused) {
      await this.store.setPaused(null, this.clock());
      this.stored = { ...this.stored, paused: null };
      this.danger.clear();
    }
    await this.store.releaseWaiting();
    this.hooks.wake();
    return wasPaused;
  }

  /** New settings were stored: read them and let held messages be looked at again. */
  async settingsChanged(): Promise<void> {
    await this.reload();
    await this.store.releaseWaiting();
    this.hooks.wake();
  }

  async view(): Promise<Omit<GovernorView, 'status'>> {
    await this.ready();
    const now = this.clock();
    await this.roll(now);
    const hold = this.holdNow(now, false);
    const quietEnd = quietUntil(this.settings, now);
    return {
      sessionId: this.sessionId,
      settings: this.settings,
      overrides: this.stored.overrides,
      limits: limitsAt(this.settings, this.stored.linkedAt, now),
      counts: { today: this.counts.day, thisHour: this.counts.hour, firstContactsToday: this.counts.firstContacts },
      quietHours: { active: quietEnd !== null, window: this.settings.quietHours, timeZone: this.settings.timeZone, endsAt: iso(quietEnd) },
      paused: this.stored.paused ? { reason: this.stored.paused.reason, since: new Date(this.stored.paused.at).toISOString() } : null,
      hold: hold ? { kind: hold.kind, reason: hold.reason, until: iso(hold.until) } : null,
      nextSendAt: hold ? iso(hold.until) : new Date(Math.max(now, this.rate.nextSlotAt)).toISOString(),
    };
  }
}

function textLength(item?: QueuedMessage): number {
  if (!item) return 0;
  if (item.type === 'text') return item.text.body.length;
  const caption = (item as { [k: string]: unknown })[item.type] as { caption?: unknown } | undefined;
  return typeof caption?.caption === 'string' ? caption.caption.length : 0;
}
