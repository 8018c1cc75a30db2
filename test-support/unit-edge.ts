// The fast tier's edge: the same Hono app and the same depsFromEnv as in workerd, run in this
// process with app.request(). The database is real libSQL behind its HTTP protocol (the edge's
// client speaks nothing else) and media go to the real embedded S3, both in-process on loopback
// (startTestInfra); only the session hosts are a recording fake, because no host runs here.
import type { ExecutionContext } from 'hono';
import { createApp } from '../edge/src/app.js';
import { depsFromEnv } from '../edge/src/deps.js';
import type { Env } from '../edge/src/env.js';
import { ApiError } from '../edge/src/errors.js';
import type { HostTarget, SessionHosts } from '../edge/src/host/host-client.js';
import { createHostDb, type HostDb, runMigrations } from '../session-host/src/db/client.js';
import { type JsonResult, jsonClient, mediaUploader, startTestInfra } from './infra.js';
import { sessionHelpers } from './session-helpers.js';

/** What the edge asked of the session hosts, in order. */
export type HostCall =
  | { call: 'startSession'; sessionId: string }
  | { call: 'stopSession'; sessionId: string; logout: boolean }
  | { call: 'kick'; sessionId: string }
  | { call: 'command'; sessionId: string; command: string; body: unknown }
  | { call: 'drainHost'; hostId: string };

/** Session hosts that record each call. `commands` answers a command (or throws the host's
 * refusal); without an answer, a command gets the 503 a session no host runs gets. */
export class RecordingHosts implements SessionHosts {
  readonly calls: HostCall[] = [];
  readonly commands = new Map<string, (sessionId: string, body: unknown) => unknown>();
  /** Start or stop calls no host answers (they return false), as when the host is down. */
  readonly unanswered = new Set<'startSession' | 'stopSession'>();

  async startSession(sessionId: string): Promise<boolean> {
    this.calls.push({ call: 'startSession', sessionId });
    return !this.unanswered.has('startSession');
  }

  async stopSession(sessionId: string, options: { logout: boolean }): Promise<boolean> {
    this.calls.push({ call: 'stopSession', sessionId, logout: options.logout });
    return !this.unanswered.has('stopSession');
  }

  async kick(sessionId: string): Promise<void> {
    this.calls.push({ call: 'kick', sessionId });
  }

  async command<T>(sessionId: string, command: string, body: unknown): Promise<T> {
    this.calls.push({ call: 'command', sessionId, command, body });
    const answer = this.commands.get(command);
    if (!answer) throw new ApiError(503, `No session host is running session ${sessionId}. Try again shortly.`);
    return answer(sessionId, body) as T;
  }

  /** A drain reaches the host, which says how many sessions it hands off. */
  async drainHost(host: HostTarget): Promise<number | null> {
    this.calls.push({ call: 'drainHost', hostId: host.hostId });
    return 0;
  }

  /** The calls made for one session. */
  of(sessionId: string): HostCall[] {
    return this.calls.filter((c) => 'sessionId' in c && c.sessionId === sessionId);
  }
}

export interface UnitEdge {
  masterKey: string;
  admin: { username: string; password: string };
  /** The database, as the session host would read it. */
  db: HostDb;
  hosts: RecordingHosts;
  /** The settings the edge got (its Env); S3_* reach the same bucket. */
  env: Env;
  /** A request to the edge; `waitUntil` work is awaited before the answer is returned, so what a
   * handler finishes after answering (a kick) is done when the test looks. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  json<T = any>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<JsonResult<T>>;
  upload(bytes: Uint8Array, type: string, filename: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  createSession(sessionId: string): Promise<string>;
  close(): Promise<void>;
}

/** The edge in this process; `bindings` override its settings (e.g. LOGIN_MAX_ATTEMPTS). */
export async function startUnitEdge(options: { bindings?: Partial<Env>; clock?: () => number } = {}): Promise<UnitEdge> {
  const infra = await startTestInfra();
  const db = createHostDb(infra.libsql.url, infra.libsql.authToken);
  await runMigrations(db);
  const hosts = new RecordingHosts();
  // Nothing listens there: a call that slipped past the fake would fail loudly.
  const env: Env = { ...infra.edgeBindings('http://127.0.0.1:9'), ...options.bindings };
  const clock = options.clock ?? Date.now;
  const app = createApp((bindings) => ({ ...depsFromEnv(bindings), host: hosts, clock }));

  const fetch = async (path: string, init?: RequestInit): Promise<Response> => {
    const pending: Promise<unknown>[] = [];
    const ctx: ExecutionContext = { waitUntil: (work) => void pending.push(work), passThroughOnException: () => undefined, props: {} };
    const res = await app.request(path, init, env, ctx);
    await Promise.allSettled(pending);
    return res;
  };
  const json = jsonClient(fetch);
  return {
    masterKey: infra.masterKey,
    admin: infra.admin,
    db,
    hosts,
    env,
    fetch,
    json,
    upload: mediaUploader(fetch),
    createSession: sessionHelpers(json, infra.masterKey).createSession,
    async close() {
      db.$client.close();
      await infra.close();
    },
  };
}

/** The header a session token is sent in. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A text message item of POST /messages. */
export const textMessage = (to: string, body: string) => ({ recipient_type: 'individual', to, type: 'text', text: { body } });
