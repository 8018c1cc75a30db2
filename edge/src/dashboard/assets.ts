import apiJs from './assets/api.js.txt';
import appCss from './assets/app.css.txt';
import campaignActionsJs from './assets/campaign-actions.js.txt';
import campaignFormJs from './assets/campaign-form.js.txt';
import campaignJs from './assets/campaign.js.txt';
import campaignsJs from './assets/campaigns.js.txt';
import controlJs from './assets/control.js.txt';
import listsJs from './assets/lists.js.txt';
import loginJs from './assets/login.js.txt';
import sessionJs from './assets/session.js.txt';
import sessionsJs from './assets/sessions.js.txt';
import uiJs from './assets/ui.js.txt';

const js = 'text/javascript; charset=utf-8';

/** Every file the dashboard's pages load, served from the worker itself (no CDN). */
export const ASSETS: Record<string, { body: string; type: string }> = {
  'app.css': { body: appCss, type: 'text/css; charset=utf-8' },
  'api.js': { body: apiJs, type: js },
  'ui.js': { body: uiJs, type: js },
  'login.js': { body: loginJs, type: js },
  'sessions.js': { body: sessionsJs, type: js },
  'session.js': { body: sessionJs, type: js },
  'lists.js': { body: listsJs, type: js },
  'campaigns.js': { body: campaignsJs, type: js },
  'campaign-actions.js': { body: campaignActionsJs, type: js },
  'campaign-form.js': { body: campaignFormJs, type: js },
  'campaign.js': { body: campaignJs, type: js },
  'control.js': { body: controlJs, type: js },
};
