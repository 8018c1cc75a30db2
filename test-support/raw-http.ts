import { connect } from 'node:net';

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
