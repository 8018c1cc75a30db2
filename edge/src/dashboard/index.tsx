import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { CampaignId } from '../../../shared/src/api/campaigns.js';
import { SessionId } from '../../../shared/src/api/common.js';
import type { AppEnv } from '../app-env.js';
import { isPrivileged } from '../auth/principal.js';
import { requireSameOrigin } from '../auth/same-origin.js';
import { adminLoginEnabled } from '../auth/password.js';
import { ASSETS } from './assets.js';
import { pageHeaders, requireSignIn } from './guard.js';
import { CampaignPage, CampaignsPage } from './pages/campaigns.js';
import { callerCountry } from '../phone/default-country.js';
import { AuditPage } from './pages/audit.js';
import { AutoRepliesPage } from './pages/auto-replies.js';
import { ControlPage } from './pages/control.js';
import { InboxPage } from './pages/inbox.js';
import { InvitePage } from './pages/invite.js';
import { UsersPage } from './pages/users.js';
import { HostsPage } from './pages/hosts.js';
import { ListsPage } from './pages/lists.js';
import { LoginPage } from './pages/login.js';
import { SessionPage } from './pages/session.js';
import { OverviewPage } from './pages/overview.js';
import { SessionsPage } from './pages/sessions.js';
import { qrImage } from './qr.js';
import { ownValue } from '../../../shared/src/own-value.js';

/** Where a sign-in lands when it was not going anywhere else, and where /dashboard leads. */
const HOME = '/dashboard/overview';

const adminOnly = (c: Context<AppEnv>) => c.json({ status: 'error', message: 'This page is for admins.' }, 403);

/** A page with its doctype: without it browsers render in quirks mode (where `.qr` matches "QR"). */
const page = (c: Context<AppEnv>, node: Child) => c.html(`<!DOCTYPE html>${String(node)}`);

/** The dashboard under /dashboard: server-rendered page frames whose scripts read and change
 * everything through the public /api/v1 with the sign-in cookie. */
export function dashboardRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    const asset = ownValue(ASSETS, name);
    if (!asset) return c.json({ status: 'error', message: 'No such dashboard asset.' }, 404);
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  });
  app.use('*', pageHeaders);
  app.get('/login', (c) => {
    const next = c.req.query('next');
    // Everyone lands on the overview: it shows each caller only its own sessions (an operator its
    // assigned ones, a session token its own), so it is the home for every kind of sign-in.
    const safeNext = next && /^\/dashboard(\/[\w\-/]*)?$/.test(next) ? next : HOME;
    return page(c, <LoginPage adminEnabled={adminLoginEnabled(c.var.deps.config.dashboard)} next={safeNext} />);
  });
  app.get('/invite', (c) => page(c, <InvitePage />));
  app.use('*', requireSignIn);
  app.post('/qr', (c) => {
    requireSameOrigin(c);
    return qrImage(c);
  });
  app.get('/', (c) => c.redirect(HOME, 302));
  app.get('/overview', (c) => page(c, <OverviewPage principal={c.var.principal!} />));
  app.get('/sessions', (c) => page(c, <SessionsPage principal={c.var.principal!} />));
  // A session's own pages: a session id that cannot be one is simply not a page.
  const sessionPages = { '': SessionPage, '/inbox': InboxPage, '/auto-replies': AutoRepliesPage };
  for (const [path, Page] of Object.entries(sessionPages)) {
    app.get(`/sessions/:sessionId${path}`, (c) => {
      const parsed = SessionId.safeParse(c.req.param('sessionId'));
      if (!parsed.success) return c.notFound();
      return page(c, <Page principal={c.var.principal!} sessionId={parsed.data} />);
    });
  }
  app.get('/lists', (c) => page(c, <ListsPage principal={c.var.principal!} />));
  app.get('/campaigns', (c) => page(c, <CampaignsPage principal={c.var.principal!} defaultCountry={callerCountry(c.var.deps, c.var.principal!)} />));
  app.get('/campaigns/:campaignId', (c) => {
    const parsed = CampaignId.safeParse(c.req.param('campaignId'));
    if (!parsed.success) return c.notFound();
    return page(c, <CampaignPage principal={c.var.principal!} campaignId={parsed.data} />);
  });
  app.get('/api', (c) => page(c, <ControlPage principal={c.var.principal!} />));
  app.get('/users', (c) => (isPrivileged(c.var.principal) ? page(c, <UsersPage principal={c.var.principal!} />) : adminOnly(c)));
  app.get('/audit', (c) => (isPrivileged(c.var.principal) ? page(c, <AuditPage principal={c.var.principal!} />) : adminOnly(c)));
  app.get('/hosts', (c) => (isPrivileged(c.var.principal) ? page(c, <HostsPage principal={c.var.principal!} />) : adminOnly(c)));
  return app;
}
