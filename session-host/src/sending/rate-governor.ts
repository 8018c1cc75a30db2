import type { HostMetrics } from '../metrics/host-metrics.js';

/** Spaces one session's sends so a number is not flagged for spam: at most `perMinute` messages a
 * minute, each gap lengthened by up to `jitterMs` at random. `perMinute` 0 turns it off. */
export class RateGovernor {
  private nextAt = 0;

  constructor(
    private readonly perMinute: number,
    private readonly jitterMs: number,
    private readonly clock: () => number = Date.now,
    private readonly random: () => number = Math.random,
    private readonly metrics?: Pick<HostMetrics, 'governorWaited'>,
  ) {}

  /** When the next slot opens (epoch ms; in the past when one is free now). */
  get nextSlotAt(): number {
    return this.nextAt;
  }

  get enabled(): boolean {
    return this.perMinute > 0;
  }

  /** Resolves when the next message may go. */
  async wait(): Promise<void> {
    await this.waitWithin(Number.POSITIVE_INFINITY);
  }

  /** Takes the next slot and waits for it, if it comes within `maxDelayMs`; otherwise takes
   * nothing and answers false at once (a caller with a deadline leaves the slot to others). */
  async waitWithin(maxDelayMs: number): Promise<boolean> {
    if (!this.enabled) return true;
    const now = this.clock();
    const delay = Math.max(0, this.nextAt - now);
    if (delay > maxDelayMs) return false;
    this.nextAt = Math.max(now, this.nextAt) + 60_000 / this.perMinute + this.random() * this.jitterMs;
    if (delay > 0) {
      this.metrics?.governorWaited(delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    return true;
  }
}
