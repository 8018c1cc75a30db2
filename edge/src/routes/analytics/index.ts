import { createRouter } from '../router.js';
import { registerGetCampaignAnalytics } from './campaigns.js';
import { registerGetAnalytics } from './get.js';

/** GET /analytics (message counts over time, from `message_counts`) and GET /analytics/campaigns. */
export function analyticsRoutes() {
  const router = createRouter();
  registerGetAnalytics(router);
  registerGetCampaignAnalytics(router);
  return router;
}
