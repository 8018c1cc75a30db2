/**
 * Loopback HTTPS media server (the host `media_conn` points to). Uploads arrive as
 * POST /mms/<type>/<encSha256>?auth=…&token=…; downloads are GET <direct_path>.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { TestTls } from './tls-ca.js';

export class MediaServer {
  readonly auth = randomBytes(16).toString('base64url');
  private readonly blobs = new Map<string, Buffer>();
  private server?: Server;
  host = '';

  constructor(private readonly tls: TestTls) {}

  async start(): Promise<void> {
    this.server = createServer({ key: this.tls.keyPem, cert: this.tls.certPem }, (req, res) => {
      const url = new URL(req.url ?? '/', 'https://x');
      if (req.method === 'POST' && url.pathname.startsWith('/mms/')) {
        if (url.searchParams.get('auth') !== this.auth) {
          res.writeHead(401).end('{"error":"bad auth"}');
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const type = url.pathname.split('/')[2] ?? 'bin';
          const directPath = this.put(Buffer.concat(chunks), type);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ url: `https://${this.host}${directPath}`, direct_path: directPath }));
        });
        return;
      }
      if (req.method === 'GET') {
        const blob = this.blobs.get(url.pathname);
        if (!blob) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length });
        res.end(blob);
        return;
      }
      res.writeHead(405).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** stores an (encrypted) blob; returns its direct path */
  put(data: Buffer, type: string): string {
    const path = `/v/sim/${type}/${randomBytes(12).toString('hex')}.enc`;
    this.blobs.set(path, data);
    return path;
  }

  /** looks up a blob by direct path or full URL */
  get(pathOrUrl: string): Buffer | undefined {
    const path = pathOrUrl.startsWith('https://') ? new URL(pathOrUrl).pathname : (pathOrUrl.split('?')[0] ?? '');
    return this.blobs.get(path);
  }

  url(directPath: string): string {
    return `https://${this.host}${directPath}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
