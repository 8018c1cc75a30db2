import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; event: string; sessionId: string; data: any; timestamp: string; seq: number };
  /** The status this receiver answered. */
  answered: number;
}

/** A loopback webhook receiver that records every delivery and can be told to fail. */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  let failuresLeft = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const answered = failuresLeft > 0 ? 500 : 200;
      if (failuresLeft > 0) failuresLeft--;
      received.push({ headers: req.headers, raw, body: JSON.parse(raw), answered });
      res.writeHead(answered).end(answered === 200 ? 'ok' : 'down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    /** Deliveries answered 2xx, in arrival order. */
    delivered: () => received.filter((r) => r.answered === 200),
    failNext(count: number) {
      failuresLeft = count;
    },
    async waitFor(pred: (r: ReceivedWebhook) => boolean, timeoutMs = 20_000): Promise<ReceivedWebhook> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const hit = received.find((r) => r.answered === 200 && pred(r));
        if (hit) return hit;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(
        `no webhook matched within ${timeoutMs} ms; got ${JSON.stringify(received.map((r) => `${r.body.event}:${JSON.stringify(r.body.data).slice(0, 80)}`))}`,
      );
    },
    /** True when the signature header is the HMAC-SHA256 of the raw body with `secret`. */
    verify(hook: ReceivedWebhook, secret: string): boolean {
      return hook.headers['x-webhook-signature'] === `sha256=${createHmac('sha256', secret).update(hook.raw).digest('hex')}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
