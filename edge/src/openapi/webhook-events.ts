import type { Router } from '../routes/router-types.js';
import { WEBHOOK_EVENTS } from '../../../shared/src/api/webhook-events.js';

const SUMMARIES: Record<keyof typeof WEBHOOK_EVENTS, string> = {
  'session.update': 'The session changed state (QR, CONNECTED, DISCONNECTED, LOGGED_OUT, BANNED …)',
  'message.received': 'A contact sent a message (text, media, location, contact cards, poll; replies carry context); media is copied to the gateway and linked',
  'message.reaction': 'A contact reacted to a message, or took a reaction back (empty emoji)',
  'message.edited': 'A contact edited one of its messages',
  'message.revoked': 'A contact deleted one of its messages for everyone',
  'message.poll_vote': 'A contact voted in a poll (its whole current choice), decrypted with the poll secret',
  'message.status': 'A sent message was acknowledged, delivered, read, or failed',
  'campaign.progress': 'A running campaign advanced (at most about once a second)',
  'campaign.completed': 'A campaign finished',
  'group.participants': "People joined, left, were added, removed, promoted or demoted in a group the account is in (also the account's own changes)",
  'group.update': "A group's subject, description or settings (announcement, locked) changed",
  'ai.error': 'An AI reply could not be made: the endpoint was down, slow or answered nonsense, the daily cap was reached, or the key cannot be opened',
};

/** Documents what the gateway POSTs to a session's webhook, as OpenAPI 3.1 `webhooks`. */
export function documentWebhookEvents(router: Router): void {
  for (const [name, schema] of Object.entries(WEBHOOK_EVENTS) as [keyof typeof WEBHOOK_EVENTS, (typeof WEBHOOK_EVENTS)[keyof typeof WEBHOOK_EVENTS]][]) {
    router.openAPIRegistry.registerWebhook({
      method: 'post',
      path: name,
      summary: SUMMARIES[name],
      description:
        'Headers: `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the secret of the ' +
        'webhook (POST /webhook or POST /sessions/{sessionId}/webhooks)>`, `X-Webhook-Id` (= body.id), `X-Webhook-Event`, ' +
        '`X-Webhook-Timestamp`, `X-Webhook-Sequence` (= body.seq). Each webhook gets the events its filter names, in ' +
        'order; a non-2xx answer is retried with exponential backoff for 24 h, after which the delivery is dead ' +
        '(GET /webhook/events?status=dead) and can be retried. A webhook that is down holds up only itself.',
      request: { body: { content: { 'application/json': { schema } } } },
      responses: { 200: { description: 'Any 2xx acknowledges the event' } },
    });
  }
}
