// Campaign status words and the transitions a user may ask for. The runner (session host) moves a
// running campaign to completed or failed itself; a deleted running campaign is cancelled first.

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** A campaign in one of these never changes again. */
export const FINAL_STATUSES: readonly CampaignStatus[] = ['completed', 'failed', 'cancelled'];

export type CampaignAction = 'start' | 'pause' | 'resume';

/** Where each action may start from. */
export const ACTION_FROM: Readonly<Record<CampaignAction, readonly CampaignStatus[]>> = {
  start: ['draft', 'scheduled', 'paused'],
  pause: ['running', 'scheduled'],
  resume: ['paused'],
};

/** A campaign in one of these changes without anyone acting on it: worth following live. Drafts and
 * paused campaigns move only when someone starts or resumes them. */
export const MOVING_STATUSES: readonly CampaignStatus[] = ['scheduled', 'running'];

export function isMoving(status: string): boolean {
  return (MOVING_STATUSES as readonly string[]).includes(status);
}

export function isFinal(status: string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

/** Why `action` cannot run on a campaign in `status`, as a sentence for the 409 answer. */
export function transitionRefusal(action: CampaignAction, id: string, status: string): string {
  const allowed = ACTION_FROM[action].join(', ');
  if (isFinal(status)) return `Campaign ${id} is ${status} and cannot ${action}: it has finished.`;
  if (action !== 'pause' && status === 'running') return `Campaign ${id} is already running.`;
  if (action === 'pause' && status === 'paused') return `Campaign ${id} is already paused.`;
  return `Campaign ${id} is ${status}; ${action} needs a campaign that is ${allowed}.`;
}
