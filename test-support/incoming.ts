// A contact writes through the simulator and the test gets the webhook event it made, checked
// against the event's documented schema (the OpenAPI document's `webhooks`).
import { WEBHOOK_EVENTS } from '../shared/src/api/webhook-events.js';
import type { IncomingContent, Simulator } from '../simulator/src/index.js';
import { startGateway, type Gateway } from './gateway.js';
import { startWebhookReceiver, type ReceivedWebhook } from './webhook-receiver.js';

export async function receivedEventOf(
  gw: Gateway,
  receiver: Awaited<ReturnType<typeof startWebhookReceiver>>,
  from: string,
  content: IncomingContent,
  event: keyof typeof WEBHOOK_EVENTS = 'message.received',
  sendOptions: Parameters<Simulator['sendFrom']>[2] = {},
): Promise<ReceivedWebhook['body']> {
  const id = await gw.sim.sendFrom(from, content, sendOptions);
  const { body } = await receiver.waitFor((r) => r.body.event === event && r.body.data.id === id);
  WEBHOOK_EVENTS[event].parse(body);
  return body;
}

/** A gateway with one paired session whose webhook points at a fresh receiver: the start of the
 * suites that watch what contacts send. */
export async function startInbox(sessionId: string, phone: string, name: string) {
  const gw = await startGateway();
  const receiver = await startWebhookReceiver();
  const token = await gw.pairSession(sessionId, phone, name);
  await gw.stack.json('POST', '/api/v1/webhook', { body: { sessionId, url: receiver.url }, headers: { authorization: `Bearer ${token}` } });
  return { gw, receiver, token };
}
