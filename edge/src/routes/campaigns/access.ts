import { and, eq, type SQL } from 'drizzle-orm';
import { campaigns } from '../../../../shared/src/db/schema.js';
import { actorOf, type Principal } from '../../auth/principal.js';
import { ownedBy } from '../recipient-lists/access.js';

/** The campaign with this id, if the caller may see it: a session token sees its own session's
 * campaigns only; another session's id answers 404, like an id that does not exist. */
export function visibleCampaign(principal: Principal, campaignId: string): SQL {
  return and(eq(campaigns.id, campaignId), ownedBy(principal, campaigns.sessionId))!;
}

export const campaignNotFound = (campaignId: string) => `Campaign ${campaignId} not found.`;

/** Who created it, named as the audit log names callers. */
export const createdBy = (principal: Principal): string => actorOf(principal);
