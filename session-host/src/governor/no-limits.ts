import type { GovernorSettings } from '../../../shared/src/api/governor.js';

/** Settings with every limit off (UTC, no pacing): tests switch on only what they exercise. */
export const NO_LIMITS: GovernorSettings = {
  ratePerMinute: 0,
  jitterMs: 0,
  hourlyCap: 0,
  dailyCap: 0,
  firstContactDailyCap: 0,
  quietHours: null,
  timeZone: 'UTC',
  warmup: [],
  composingMsPerChar: 0,
  pauseFailureRatio: 0,
  pauseRefusals: 0,
};
