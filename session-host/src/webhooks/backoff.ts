// When a failed webhook delivery is tried again: exponential with jitter, capped, and never past
// the event's expiry, so the last attempt happens right at the end of its life, not after it.

export interface BackoffOptions {
  /** Delay after the first failure. Default 2 s. */
  baseMs?: number;
  /** Largest delay. Default 1 h. */
  maxMs?: number;
  /** Spread of the random factor: 0.2 means ×0.8 … ×1.2, so many failing sessions do not retry
   * in lockstep. Default 0.2. */
  jitter?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 2_000, maxMs: 3_600_000, jitter: 0.2 };

/** Delay before the next attempt after `attempts` failed attempts (1 = the first failure). */
export function backoffDelay(attempts: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { baseMs, maxMs, jitter } = { ...DEFAULT_BACKOFF, ...options };
  const exponent = Math.min(Math.max(attempts - 1, 0), 40); // 2^40 × base is past any cap
  const delay = Math.min(maxMs, baseMs * 2 ** exponent);
  const factor = 1 - jitter + 2 * jitter * random();
  return Math.max(0, Math.min(maxMs, Math.round(delay * factor)));
}
