// A contact writes through the simulator and the test gets the webhook event it made, checked
// against the event's documented schema (the OpenAPI document's `webhooks`).
import { WEBHOOK_EVENTS } from '../shared/src/api/webhook-events.js';
import type { IncomingContent } from '../simulator/src/index.js';
import type { Gateway } from './gateway.js';
import type { ReceivedWebhook, startWebhookReceiver } from './webhook-receiver.js';

export async function receivedEventOf(
  gw: Gateway,
  receiver: Awaited<ReturnType<typeof startWebhookReceiver>>,
  from: string,
  content: IncomingContent,
  event: keyof typeof WEBHOOK_EVENTS = 'message.received',
): Promise<ReceivedWebhook['body']> {
  const id = await gw.sim.sendFrom(from, content);
  const { body } = await receiver.waitFor((r) => r.body.event === event && r.body.data.id === id);
  WEBHOOK_EVENTS[event].parse(body);
  return body;
}
