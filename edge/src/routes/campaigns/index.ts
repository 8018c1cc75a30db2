import { createRouter } from '../router.js';
import { registerDeleteCampaign } from './delete.js';
import { registerCampaignEvents } from './events.js';
import { registerGetCampaigns } from './get-all.js';
import { registerGetCampaign } from './get-one.js';
import { registerPostCampaign } from './post.js';
import { registerTransition } from './transition.js';

export function campaignsRoutes() {
  const router = createRouter();
  registerPostCampaign(router);
  registerGetCampaigns(router);
  registerGetCampaign(router);
  registerTransition(router, 'start');
  registerTransition(router, 'pause');
  registerTransition(router, 'resume');
  registerDeleteCampaign(router);
  registerCampaignEvents(router);
  return router;
}
