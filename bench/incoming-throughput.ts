// Incoming messages per second: texts from contacts new to the account, written to one gateway
// session until a loopback webhook receiver has every `message.received`, beside a bare Baileys
// socket paired on the same simulator counting the same number of messages in its
// `messages.upsert` events (from other new contacts). The contacts write at once, each its own
// messages in turn, as real traffic arrives.
import type { ChildGateway } from '../test-support/child-gateway.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';
import { contacts, gatewaySession, type Pair, pairOf, rawClient, timedGateway, timedRaw } from './send-throughput.js';

const TAG = 'incoming';

/** Every sender writes its share of `count` texts to `account`, one after another; the senders at once. */
async function writeConcurrently(gw: ChildGateway, senders: string[], account: string, count: number): Promise<void> {
  await Promise.all(
    senders.map(async (contact, s) => {
      for (let i = s; i < count; i += senders.length) await gw.sim.sendFrom(contact, { text: `${TAG} ${i}` }, { to: account });
    }),
  );
}

/** Resolves once `seen()` reaches `count`. */
async function reached(seen: () => number, count: number, what: string): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while (seen() < count) {
    if (Date.now() > deadline) throw new Error(`${what}: ${seen()} of ${count} messages arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `count` texts from `senders` new contacts: the gateway until its webhook has them, bare Baileys until it emitted them. */
export async function measureIncoming(gw: ChildGateway, count: number, senders = 20): Promise<Pair> {
  const gwSenders = contacts(gw, senders);
  const rawSenders = contacts(gw, senders);

  const receiver = await startWebhookReceiver();
  const session = await gatewaySession(gw);
  const hook = await gw.json('POST', '/api/v1/webhook', { body: { sessionId: session.id, url: receiver.url }, headers: session.headers });
  if (hook.status >= 300) throw new Error(`POST /webhook: ${hook.status} ${JSON.stringify(hook.body).slice(0, 200)}`);
  // Distinct ids: delivery is at least once.
  const webhooked = new Set<string>();
  const gateway = await timedGateway(
    gw,
    async () => {
      await writeConcurrently(gw, gwSenders, session.account, count);
      await reached(
        () => {
          for (const r of receiver.delivered()) {
            if (r.body.event === 'message.received' && r.body.data.text?.startsWith(TAG)) webhooked.add(r.body.data.id);
          }
          return webhooked.size;
        },
        count,
        'gateway webhook',
      );
    },
    count,
  );
  await receiver.close();

  const raw = await rawClient(gw, 'file');
  const upserted = new Set<string>();
  raw.client.sock.ev.on('messages.upsert', ({ messages }) => {
    for (const m of messages) if (!m.key.fromMe && m.message?.conversation?.startsWith(TAG) && m.key.id) upserted.add(m.key.id);
  });
  const rawRun = await timedRaw(async () => {
    await writeConcurrently(gw, rawSenders, raw.account, count);
    await reached(() => upserted.size, count, 'bare Baileys messages.upsert');
  }, count);
  raw.client.end();
  return pairOf(gateway, rawRun);
}
