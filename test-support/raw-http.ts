import { request } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';

/** Sends a request head declaring `contentLength` bytes but only `bodyPrefix` of them, and returns
 * what the server answered (status line, headers, JSON body): proof that it answers from the head
 * alone, without reading (or waiting for) a body it refuses. */
export function answerToDeclaredBody(
  url: URL,
  request: { method: string; path: string; headers: Record<string, string>; contentLength: number; bodyPrefix?: string },
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(Number(url.port), '127.0.0.1', () => {
      const head = Object.entries({ host: 'localhost', ...request.headers, 'content-length': String(request.contentLength) })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket.write(`${request.method} ${request.path} HTTP/1.1\r\n${head}\r\n${request.bodyPrefix ?? ''}`);
    });
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.includes('"}')) {
        resolve(received);
        socket.destroy();
      }
    });
    socket.once('error', reject);
  });
}

/** PUT /api/v1/media/{name} to the edge at `url` with the body streamed as given and the headers
 * as the caller sets them (Content-Length included, or not). A fresh connection each time: the edge
 * closes one whose body it refused unread. */
export function putMedia(
  url: URL,
  name: string,
  headers: Record<string, string>,
  body: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(`/api/v1/media/${encodeURIComponent(name)}`, url), { method: 'PUT', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.once('error', reject);
    Readable.from(body).pipe(req);
  });
}
