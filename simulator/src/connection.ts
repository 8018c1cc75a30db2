/**
 * One client WebSocket: Noise handshake, then encrypted binary nodes both ways. Routes what the
 * client sends to the simulator's handlers and lets the simulator send nodes and server queries.
 */
import type { WebSocket } from 'ws';
import { decodeBinaryNode, encodeBinaryNode, type proto, type BinaryNode } from '@whiskeysockets/baileys';
import { encodeFrame, FrameReader } from './frames.js';
import { NoiseResponder, type KeyPair } from './noise.js';
import type { Companion } from './contacts.js';

/** The closeAmidSends fault's plan for a connection's next message stanzas to contacts, and how many came. */
export interface SendsCut {
  acked: number;
  unacked: number;
  lost: number;
  code: string;
  seen: number;
}

export interface ConnHooks {
  /** handshake done; decide registration vs login */
  onClientPayload(conn: Conn, payload: proto.ClientPayload, clientStatic: Buffer): Promise<void> | void;
  onNode(conn: Conn, node: BinaryNode): Promise<void> | void;
  onClose(conn: Conn): void;
  /** a frame could not be handled; the connection is closed */
  onError(conn: Conn, err: unknown): void;
  log(...args: unknown[]): void;
}

let serverIdCounter = 1;

export class Conn {
  private readonly reader = new FrameReader();
  private readonly noise: NoiseResponder;
  private chain: Promise<void> = Promise.resolve();
  private readonly pending = new Map<string, { resolve: (n: BinaryNode) => void; reject: (e: Error) => void }>();
  closed = false;
  /** the server ended the stream (a stream error it sent): it handles and sends nothing more, as WhatsApp */
  ended = false;
  /** fault: what to do with the next message stanzas to contacts (see faults.closeAmidSends) */
  cut?: SendsCut;
  /** fault: the server has stopped handling this connection's frames (see faults.freeze) */
  frozen?: { answerPings: boolean };
  /** logged in and offline backlog flushed */
  online = false;
  /** set once logged in */
  companion?: Companion;
  /** set while registering (not yet paired) */
  registration?: { noiseKey: Buffer; payload: proto.ClientPayload; refs: string[] };
  clientStatic?: Buffer;

  constructor(
    readonly ws: WebSocket,
    serverStatic: KeyPair,
    certChain: Buffer,
    private readonly hooks: ConnHooks,
  ) {
    this.noise = new NoiseResponder(serverStatic, certChain);
    ws.on('message', (data: Buffer) => {
      this.chain = this.chain
        .then(() => this.onData(data))
        .catch((err: unknown) => {
          hooks.onError(this, err);
          this.close();
        });
    });
    ws.on('close', () => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new Error('client closed the connection'));
      this.pending.clear();
      hooks.onClose(this);
    });
    ws.on('error', () => undefined);
  }

  private handshakeStep = 0;

  private async onData(data: Buffer): Promise<void> {
    for (const frame of this.reader.push(data)) {
      if (this.handshakeStep === 0) {
        this.handshakeStep = 1;
        if (this.reader.routingInfo) this.hooks.log('client intro carries routing info', this.reader.routingInfo.toString('hex'));
        this.ws.send(encodeFrame(this.noise.serverHello(frame)));
      } else if (this.handshakeStep === 1) {
        this.handshakeStep = 2;
        const { clientStatic, payload } = this.noise.clientFinish(frame);
        this.clientStatic = clientStatic;
        await this.hooks.onClientPayload(this, payload, clientStatic);
      } else {
        const node = await decodeBinaryNode(this.noise.decrypt(frame));
        if (node.tag === 'iq' && (node.attrs.type === 'result' || node.attrs.type === 'error')) {
          const waiter = this.pending.get(node.attrs.id ?? '');
          if (waiter) {
            this.pending.delete(node.attrs.id!);
            waiter.resolve(node);
            continue;
          }
        }
        await this.hooks.onNode(this, node);
      }
    }
  }

  /** false when the stanza could not go out (closed, or the stream was ended) */
  send(node: BinaryNode): boolean {
    if (this.closed || this.ended || this.ws.readyState !== this.ws.OPEN) return false;
    this.ws.send(encodeFrame(this.noise.encrypt(encodeBinaryNode(node))));
    return true;
  }

  /** the server's last word (a stream error), then nothing more; the socket closes shortly after, once
   * the client had the time to read it */
  endStream(node: BinaryNode): void {
    this.send(node);
    this.ended = true;
    setTimeout(() => this.close(), 20);
  }

  /** server → client iq; resolves with the client's result/error */
  query(node: BinaryNode, timeoutMs = 10_000): Promise<BinaryNode> {
    const id = node.attrs.id ?? `sim-${serverIdCounter++}`;
    node.attrs.id = id;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`client did not answer iq ${id}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (n) => {
          clearTimeout(t);
          resolve(n);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      });
      this.send(node);
    });
  }

  /** graceful close (server ends the stream) */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.ws.close();
    } catch {
      /* already gone */
    }
  }

  /** abrupt drop, as a network failure */
  terminate(): void {
    this.closed = true;
    this.ws.terminate();
  }
}
