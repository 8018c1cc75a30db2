import { and, eq, gt } from 'drizzle-orm';
import { hostLeases } from '../../../shared/src/db/schema.js';
import { signRequest } from '../../../shared/src/internal-auth.js';
import type { Db } from '../db/client.js';
import { ApiError } from '../errors.js';

const CALL_TIMEOUT_MS = 15_000;
/** Kicks are best effort and frequent (one per accepted send): the owner's URL is remembered this
 * long in the isolate instead of read per request. Plain data, never a promise, so nothing settles
 * across requests. */
const KICK_OWNER_TTL_MS = 2_000;
const kickOwners = new Map<string, { url: string | null; until: number }>();

/** Talks to session hosts over their signed internal API, routing a session's calls to its owner. */
export class HostClient {
  constructor(
    private readonly db: Db,
    private readonly secret: string,
    private readonly defaultHostUrl: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The URL of the host holding a live lease on the session, or null. */
  async ownerOf(sessionId: string): Promise<string | null> {
    const [lease] = await this.db
      .select({ hostUrl: hostLeases.hostUrl })
      .from(hostLeases)
      .where(and(eq(hostLeases.sessionId, sessionId), gt(hostLeases.expiresAt, this.clock())));
    return lease?.hostUrl ?? null;
  }

  /** Asks the session's owner (or, for a new session, any host) to start it. Best effort: a host
   * that is down picks the session up when it starts, so a failure here is not the caller's error. */
  async startSession(sessionId: string): Promise<boolean> {
    const url = (await this.ownerOf(sessionId)) ?? this.defaultHostUrl;
    return this.tryPost(url, `/internal/sessions/${encodeURIComponent(sessionId)}/start`, {});
  }

  /** Asks the owner to close the socket and forget the session; no owner means nothing to stop. */
  async stopSession(sessionId: string, options: { logout: boolean }): Promise<boolean> {
    const url = await this.ownerOf(sessionId);
    if (!url) return true;
    return this.tryPost(url, `/internal/sessions/${encodeURIComponent(sessionId)}/stop`, options);
  }

  /** Tells the owner that messages are queued. Best effort: the owner also polls. */
  async kick(sessionId: string): Promise<void> {
    const now = this.clock();
    let cached = kickOwners.get(sessionId);
    if (!cached || cached.until < now) {
      cached = { url: await this.ownerOf(sessionId), until: now + KICK_OWNER_TTL_MS };
      kickOwners.set(sessionId, cached);
    }
    if (cached.url) await this.tryPost(cached.url, `/internal/sessions/${encodeURIComponent(sessionId)}/kick`, {});
  }

  /** A command for the session's owner, with the owner's refusal passed on as the API's error. */
  async command<T>(sessionId: string, command: string, body: unknown): Promise<T> {
    const res = await this.callOwner<T & { message?: string }>(sessionId, `/internal/sessions/${encodeURIComponent(sessionId)}/${command}`, body);
    if (res.status >= 300) {
      const status = [400, 404, 409, 503].includes(res.status) ? (res.status as 400 | 404 | 409 | 503) : 502;
      throw new ApiError(status, res.body.message ?? `The session host refused the command (${res.status}).`);
    }
    return res.body;
  }

  /** A command for the session's owner; 503 when no live host owns it. */
  async callOwner<T>(sessionId: string, path: string, body: unknown): Promise<{ status: number; body: T }> {
    const url = await this.ownerOf(sessionId);
    if (!url) throw new ApiError(503, `No session host is running session ${sessionId}. Try again shortly.`);
    return this.post<T>(url, path, body);
  }

  private async tryPost(baseUrl: string, path: string, body: unknown): Promise<boolean> {
    try {
      const res = await this.post(baseUrl, path, body);
      return res.status < 300;
    } catch {
      return false;
    }
  }

  private async post<T>(baseUrl: string, path: string, body: unknown): Promise<{ status: number; body: T }> {
    const payload = JSON.stringify(body);
    const headers = await signRequest(this.secret, 'POST', path, payload, this.clock());
    let res: Response;
    try {
      res = await fetch(new URL(path, baseUrl), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: payload,
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch {
      throw new ApiError(503, 'The session host did not answer. Try again shortly.');
    }
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
  }
}
