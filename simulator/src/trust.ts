/**
 * Installs trust in the simulator into THIS process, like installing a test CA:
 *  - Baileys' WA_CERT_DETAILS.PUBLIC_KEY (the Noise root it checks) becomes the simulator's root;
 *  - the media server's test CA is added to the CAs used by Baileys' upload path (node:https,
 *    globalAgent) and download path (global fetch, through undici's global dispatcher).
 * Only the test harness and the explicit demo mode may call this; never production code.
 * `SimulatorInfo` is plain JSON, so a child process can receive it via a file or env and call
 * `trustSimulator` itself.
 */
import https from 'node:https';
import tls from 'node:tls';
import { WA_CERT_DETAILS } from '@whiskeysockets/baileys';

export interface SimulatorInfo {
  /** value for Baileys' `waWebSocketUrl` */
  url: string;
  /** hex, 32 bytes: the Noise root public key the client must trust */
  rootPublicKey: string;
  /** PEM of the test CA that signed the media server's certificate */
  caCertPem: string;
}

const DISPATCHER = Symbol.for('undici.globalDispatcher.1');

type AgentCtor = new (opts: { connect: { ca: string[] } }) => unknown;

/** media CAs trusted so far in this process (several simulators may run at once) */
const extraCas = new Set<string>();

export async function trustSimulator(info: SimulatorInfo): Promise<void> {
  const root = Buffer.from(info.rootPublicKey, 'hex');
  if (root.length !== 32) throw new Error('rootPublicKey must be 32 bytes of hex');
  WA_CERT_DETAILS.PUBLIC_KEY = root;
  extraCas.add(info.caCertPem);
  const ca = [...tls.rootCertificates, ...extraCas];
  https.globalAgent.options.ca = ca;
  // Node's built-in fetch creates its undici Agent lazily; make it exist, then replace it with
  // one of the same class that also trusts the test CA.
  const g = globalThis as unknown as Record<symbol, unknown>;
  if (!g[DISPATCHER]) await fetch('data:,').catch(() => undefined);
  const current = g[DISPATCHER] as { constructor: AgentCtor } | undefined;
  if (!current) throw new Error('cannot find the global fetch dispatcher');
  g[DISPATCHER] = new current.constructor({ connect: { ca } });
}
