// The page scripts are built from edge/src/dashboard/browser by scripts/build-dashboard.ts, which
// wrangler runs first ([build] in wrangler.toml), with uPlot's stylesheet copied beside them; our
// own stylesheet is written as it is served.
import campaignJs from '../../../dist/dashboard/campaign.js.txt';
import campaignsJs from '../../../dist/dashboard/campaigns.js.txt';
import controlJs from '../../../dist/dashboard/control.js.txt';
import listsJs from '../../../dist/dashboard/lists.js.txt';
import loginJs from '../../../dist/dashboard/login.js.txt';
import sessionJs from '../../../dist/dashboard/session.js.txt';
import sessionsJs from '../../../dist/dashboard/sessions.js.txt';
import auditJs from '../../../dist/dashboard/audit.js.txt';
import inboxJs from '../../../dist/dashboard/inbox.js.txt';
import autoRepliesJs from '../../../dist/dashboard/auto-replies.js.txt';
import inviteJs from '../../../dist/dashboard/invite.js.txt';
import usersJs from '../../../dist/dashboard/users.js.txt';
import overviewJs from '../../../dist/dashboard/overview.js.txt';
import hostsJs from '../../../dist/dashboard/hosts.js.txt';
import uplotCss from '../../../dist/dashboard/uplot.css.txt';
import appCss from './assets/app.css.txt';

const js = 'text/javascript; charset=utf-8';

/** Every file the dashboard's pages load, served from the worker itself (no CDN). */
export const ASSETS: Record<string, { body: string; type: string }> = {
  'app.css': { body: appCss, type: 'text/css; charset=utf-8' },
  'login.js': { body: loginJs, type: js },
  'overview.js': { body: overviewJs, type: js },
  'uplot.css': { body: uplotCss, type: 'text/css; charset=utf-8' },
  'sessions.js': { body: sessionsJs, type: js },
  'session.js': { body: sessionJs, type: js },
  'lists.js': { body: listsJs, type: js },
  'campaigns.js': { body: campaignsJs, type: js },
  'campaign.js': { body: campaignJs, type: js },
  'control.js': { body: controlJs, type: js },
  'users.js': { body: usersJs, type: js },
  'audit.js': { body: auditJs, type: js },
  'invite.js': { body: inviteJs, type: js },
  'inbox.js': { body: inboxJs, type: js },
  'auto-replies.js': { body: autoRepliesJs, type: js },
  'hosts.js': { body: hostsJs, type: js },
};
