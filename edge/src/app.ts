import { OpenAPIHono } from '@hono/zod-openapi';
import { MediaId } from '../../shared/src/api/media.js';
import type { AppEnv } from './app-env.js';
import { auditChanges } from './audit/audit-changes.js';
import { authenticate } from './auth/authenticate.js';
import { documentWebhookEvents } from './openapi/webhook-events.js';
import type { Deps } from './deps.js';
import type { Env } from './env.js';
import { ApiError, toErrorResponse } from './errors.js';
import { requestId } from './health/request-id.js';
import { dashboardRoutes } from './dashboard/index.js';
import { analyticsRoutes } from './routes/analytics/index.js';
import { auditRoutes } from './routes/audit/index.js';
import { authRoutes } from './routes/auth/index.js';
import { aiRepliesRoutes } from './routes/ai-replies/index.js';
import { chatsRoutes } from './routes/chats/index.js';
import { campaignsRoutes } from './routes/campaigns/index.js';
import { serveMedia } from './routes/media/get.js';
import { mediaSandbox } from './routes/media/served-type.js';
import { groupsRoutes } from './routes/groups/index.js';
import { healthRoutes } from './routes/health/index.js';
import { hostsRoutes } from './routes/hosts/index.js';
import { legacyRoutes, mountOriginalLegacyPaths } from './routes/legacy/index.js';
import { mediaRoutes } from './routes/media/index.js';
import { contactsRoutes } from './routes/contacts/index.js';
import { messagesRoutes } from './routes/messages/index.js';
import { recipientListsRoutes } from './routes/recipient-lists/index.js';
import { createRouter } from './routes/router.js';
import { sessionEventsRoutes } from './routes/session-events/index.js';
import { sessionWebhooksRoutes } from './routes/session-webhooks/index.js';
import { autoRepliesRoutes } from './routes/auto-replies/index.js';
import { sessionsRoutes } from './routes/sessions/index.js';
import { webhookRoutes } from './routes/webhook/index.js';
import { usersRoutes } from './routes/users/index.js';
import { webhookEventsRoutes } from './routes/webhook-events/index.js';

/** The whole edge: `/api/v1` (documented), the original's legacy paths `/api/send-message` and `/api/message`,
 * `/health` and `/ready`, `/media/:id`, `/docs` and the dashboard under `/dashboard`. */
export function createApp(getDeps: (env: Env, requestId: string) => Deps) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(toErrorResponse);
  app.notFound((c) => c.json({ status: 'error', message: `Not found: ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));
  app.use('*', requestId);
  app.use('*', async (c, next) => {
    c.set('deps', getDeps(c.env, c.var.requestId));
    await next();
  });
  app.use('/media/*', mediaSandbox);
  app.use('/api/v1/media/*', mediaSandbox);
  app.use('/api/*', authenticate);
  app.use('/api/*', auditChanges);
  // Probes use the short paths; a credential, if sent, is checked as on every public operation.
  for (const path of ['/health', '/ready']) app.use(path, authenticate);

  const health = healthRoutes();
  const v1 = createRouter();
  v1.route('/', health);
  v1.route('/', sessionsRoutes());
  v1.route('/', webhookRoutes());
  v1.route('/', webhookEventsRoutes());
  v1.route('/', sessionWebhooksRoutes());
  v1.route('/', autoRepliesRoutes());
  v1.route('/', sessionEventsRoutes());
  v1.route('/', mediaRoutes());
  v1.route('/', messagesRoutes());
  v1.route('/', groupsRoutes());
  v1.route('/', chatsRoutes());
  v1.route('/', contactsRoutes());
  v1.route('/', aiRepliesRoutes());
  v1.route('/', legacyRoutes());
  v1.route('/', recipientListsRoutes());
  v1.route('/', campaignsRoutes());
  v1.route('/', authRoutes());
  v1.route('/', usersRoutes());
  v1.route('/', auditRoutes());
  v1.route('/', analyticsRoutes());
  v1.route('/', hostsRoutes());
  v1.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'The session token from POST /sessions',
  });
  v1.openAPIRegistry.registerComponent('securitySchemes', 'masterKey', { type: 'apiKey', in: 'header', name: 'X-Master-Key' });
  documentWebhookEvents(v1);
  v1.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'wa-gateway API', version: '1.0.0', description: 'Self-hosted multi-session WhatsApp HTTP API.' },
    servers: [{ url: '/api/v1' }],
  });
  app.route('/api/v1', v1);
  mountOriginalLegacyPaths(app);
  app.route('/', health);

  app.get('/media/:mediaId', (c) => {
    const parsed = MediaId.safeParse(c.req.param('mediaId'));
    if (!parsed.success) throw new ApiError(400, 'mediaId must be a mediaId returned by POST /media');
    return serveMedia(c, parsed.data);
  });
  // The interactive reference is the dashboard's API control center: bundled, no CDN.
  app.get('/docs', (c) => c.redirect('/dashboard/api'));
  app.route('/dashboard', dashboardRoutes());
  app.get('/', (c) => c.redirect('/dashboard'));
  return app;
}
