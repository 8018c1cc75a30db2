import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AiCommand } from '../../../shared/src/api/ai-replies.js';
import { PresenceCommand, ReadCommand } from '../../../shared/src/api/chats.js';
import { SessionId } from '../../../shared/src/api/common.js';
import { GroupCommand } from '../../../shared/src/api/groups.js';
import { SessionCommandError, type SessionDriver, type SessionManager } from '../sessions/session-manager.js';
import { metricsHandler } from '../metrics/metrics-route.js';
import { requestLog, type RequestLogEnv } from './request-log.js';
import type { SeenSignatures } from './seen-signatures.js';
import { verifySignature } from './verify-signature.js';

const StopBody = z.object({ logout: z.boolean().default(false) });
const PairingBody = z.object({ phoneNumber: z.string().regex(/^\d{8,15}$/) });
const RevokeBody = z.object({ remoteJid: z.string().min(3), messageId: z.string().min(1) });
const GovernorBody = z.object({ action: z.enum(['view', 'resume', 'reload']) });
const AutoRepliesBody = z.object({ action: z.literal('reload') });
const ContactsCheckBody = z.object({
  numbers: z
    .array(z.string().regex(/^\d{8,15}$/))
    .min(1)
    .max(100),
});

export interface InternalApiOptions {
  secret: string;
  hostId: string;
  sessions: SessionManager;
  seen: SeenSignatures;
  logger: Logger;
  /** GET /metrics (Prometheus), behind its own bearer token. */
  metrics: Parameters<typeof metricsHandler>[0];
}

/** The host's internal API: only the edge calls it, with signed requests; Prometheus scrapes
 * /metrics with METRICS_TOKEN. */
export function createInternalApi(options: InternalApiOptions) {
  const { sessions } = options;
  const app = new Hono<RequestLogEnv>();
  app.get('/health', (c) => c.json({ status: 'ok', hostId: options.hostId, sessions: sessions.ownedSessions.size, draining: sessions.isDraining }));
  app.get('/metrics', metricsHandler(options.metrics));

  const internal = new Hono<RequestLogEnv & { Variables: { sessionId: string } }>();
  internal.use('*', requestLog(options.logger));
  internal.use('*', verifySignature({ secret: options.secret, hostId: options.hostId, seen: options.seen }));
  internal.use('/sessions/:sessionId/*', async (c, next) => {
    const sessionId = SessionId.safeParse(c.req.param('sessionId'));
    if (!sessionId.success) return c.json({ status: 'error', message: 'invalid sessionId' }, 400);
    c.set('sessionId', sessionId.data);
    await next();
  });
  // The edge has set this host's drain flag; start handing sessions off now instead of at the next heartbeat.
  internal.post('/drain', (c) => {
    const held = sessions.ownedSessions.size;
    void sessions.drain().catch((err) => c.var.log.error({ err }, 'drain failed'));
    return c.json({ status: 'success', sessions: held });
  });
  internal.post('/sessions/:sessionId/start', async (c) => {
    const started = await sessions.start(c.var.sessionId, c.var.log);
    return started ? c.json({ status: 'success' }) : c.json({ status: 'error', message: 'session unknown or owned by another host' }, 409);
  });
  internal.post('/sessions/:sessionId/stop', async (c) => {
    const body = StopBody.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success) return c.json({ status: 'error', message: 'invalid request' }, 400);
    await sessions.stop(c.var.sessionId, body.data, c.var.log);
    return c.json({ status: 'success' });
  });
  internal.post('/sessions/:sessionId/kick', (c) => {
    const driver = sessions.driverFor(c.var.sessionId);
    driver.kick?.(c.var.sessionId);
    return c.json({ status: 'success' });
  });
  internal.post('/sessions/:sessionId/pairing-code', async (c) => {
    const body = PairingBody.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success) return c.json({ status: 'error', message: 'phoneNumber must be 8-15 digits' }, 400);
    const driver = sessions.driverFor(c.var.sessionId);
    if (!driver.requestPairingCode) throw new SessionCommandError(503, 'This session host has no WhatsApp client.');
    return c.json({ status: 'success', code: await driver.requestPairingCode(c.var.sessionId, body.data.phoneNumber) });
  });
  /** A command the session's driver carries out; a driver without it has no WhatsApp client. */
  const command = <T>(
    name: string,
    schema: z.ZodType<T>,
    invalid: string,
    run: (driver: SessionDriver, sessionId: string, body: T) => Promise<void> | undefined,
  ) =>
    internal.post(`/sessions/:sessionId/${name}`, async (c) => {
      const body = schema.safeParse(await c.req.json().catch(() => ({})));
      if (!body.success) return c.json({ status: 'error', message: invalid }, 400);
      const done = run(sessions.driverFor(c.var.sessionId), c.var.sessionId, body.data);
      if (!done) throw new SessionCommandError(503, 'This session host has no WhatsApp client.');
      await done;
      return c.json({ status: 'success' });
    });
  command('revoke', RevokeBody, 'remoteJid and messageId are required', (driver, id, body) => driver.revoke?.(id, body.remoteJid, body.messageId));
  command('read', ReadCommand, 'keys must be 1-100 message keys', (driver, id, body) => driver.readMessages?.(id, body.keys));
  command('ai', AiCommand, 'action must be reload', (driver, id) => driver.reloadAi?.(id));
  command('auto-replies', AutoRepliesBody, 'action must be reload', (driver, id) => driver.reloadAutoReplies?.(id));
  command('presence', PresenceCommand, 'presence is not one WhatsApp knows', (driver, id, body) => driver.sendPresence?.(id, body));
  internal.post('/sessions/:sessionId/groups', async (c) => {
    const body = GroupCommand.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success) return c.json({ status: 'error', message: 'invalid group command' }, 400);
    const driver = sessions.driverFor(c.var.sessionId);
    if (!driver.groups) throw new SessionCommandError(503, 'This session host has no WhatsApp client.');
    return c.json({ status: 'success', ...(await driver.groups(c.var.sessionId, body.data)) });
  });
  internal.post('/sessions/:sessionId/contacts-check', async (c) => {
    const body = ContactsCheckBody.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success) return c.json({ status: 'error', message: 'numbers must be 1-100 numbers of 8-15 digits' }, 400);
    const driver = sessions.driverFor(c.var.sessionId);
    if (!driver.checkContacts) throw new SessionCommandError(503, 'This session host has no WhatsApp client.');
    return c.json({ status: 'success', contacts: await driver.checkContacts(c.var.sessionId, body.data.numbers) });
  });
  internal.post('/sessions/:sessionId/governor', async (c) => {
    const body = GovernorBody.safeParse(await c.req.json().catch(() => ({})));
    if (!body.success) return c.json({ status: 'error', message: 'action must be view, resume or reload' }, 400);
    const driver = sessions.driverFor(c.var.sessionId);
    if (!driver.governor) throw new SessionCommandError(503, 'This session host has no WhatsApp client.');
    return c.json({ status: 'success', ...(await driver.governor(c.var.sessionId, body.data.action)) });
  });
  app.route('/internal', internal);
  app.onError((err, c: Context<RequestLogEnv>) => {
    if (err instanceof SessionCommandError) return c.json({ status: 'error', message: err.message }, err.status);
    (c.var.log ?? options.logger).error({ err }, 'internal call failed');
    return c.json({ status: 'error', message: err.message }, 500);
  });
  return app;
}
