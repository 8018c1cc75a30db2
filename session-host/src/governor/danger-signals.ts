// Signs that WhatsApp is about to restrict a number, counted over a sliding window: sends that
// failed for good, and sends the server refused outright (an error in its ack: rate limit, not
// allowed). Crossing a threshold is the reason the governor pauses the session.

/** Below this many sends in the window a failure ratio says nothing. */
export const MIN_SENDS_FOR_RATIO = 10;

/** What the server's ack error codes mean, as far as gateways have learned them. */
const REFUSAL_MEANING: Record<string, string> = {
  '429': 'rate limited',
  '463': 'account restricted from starting chats',
  '479': 'stanza rejected by the server',
  '403': 'not allowed',
};

export const refusalText = (code: string) => `error ${code}${REFUSAL_MEANING[code] ? `: ${REFUSAL_MEANING[code]}` : ''}`;

export interface DangerThresholds {
  windowMs: number;
  /** 0: off */
  failureRatio: number;
  /** 0: off */
  refusals: number;
}

export class DangerSignals {
  private sends: number[] = [];
  private failures: number[] = [];
  private refusals: { at: number; code: string }[] = [];

  send(at: number): void {
    this.sends.push(at);
  }

  failure(at: number): void {
    this.failures.push(at);
  }

  refusal(at: number, code: string): void {
    this.refusals.push({ at, code });
    this.failures.push(at);
  }

  /** Forgets everything (an operator resumed: the count starts over). */
  clear(): void {
    this.sends = [];
    this.failures = [];
    this.refusals = [];
  }

  /** The reason to pause now, or null. */
  check(now: number, limits: DangerThresholds): string | null {
    const since = now - limits.windowMs;
    this.sends = this.sends.filter((t) => t > since);
    this.failures = this.failures.filter((t) => t > since);
    this.refusals = this.refusals.filter((r) => r.at > since);
    const minutes = Math.round(limits.windowMs / 60_000);
    if (limits.refusals > 0 && this.refusals.length >= limits.refusals) {
      const codes = [...new Set(this.refusals.map((r) => refusalText(r.code)))].join(', ');
      return `WhatsApp refused ${this.refusals.length} sends within ${minutes} min (${codes}).`;
    }
    const attempts = Math.max(this.sends.length, this.failures.length);
    if (limits.failureRatio > 0 && attempts >= MIN_SENDS_FOR_RATIO && this.failures.length / attempts >= limits.failureRatio) {
      return `${this.failures.length} of the last ${attempts} sends within ${minutes} min failed.`;
    }
    return null;
  }
}
