import { and, eq, gt } from 'drizzle-orm';
import { hostLeases } from '../../../shared/src/db/schema.js';
import { leastLoaded, readHostLoads } from '../../../shared/src/hosts/host-loads.js';
import { signRequest } from '../../../shared/src/internal-auth.js';
import { REQUEST_ID_HEADER } from '../../../shared/src/request-id.js';
import type { Db } from '../db/client.js';
import { ApiError } from '../errors.js';

const CALL_TIMEOUT_MS = 15_000;
/** Kicks are best effort and frequent (one per accepted send): the owner's URL is remembered this
 * long in the isolate instead of read per request. Plain data, never a promise, so nothing settles
 * across requests. */
const KICK_OWNER_TTL_MS = 2_000;
const kickOwners = new Map<string, { owner: HostTarget | null; until: number }>();
/** A burst of sends needs one wake-up: a kick waits this long and stands for every message
 * accepted meanwhile (each was written before its request asked for a kick, and the host claims
 * everything queued when it wakes). Profiled at 250 accepted sends a second, verifying and
 * recording one signed kick per send was most of the session host's CPU. */
const KICK_COALESCE_MS = 20;
const kicksDue = new Set<string>();

/** Where a call goes and which host it is signed for: a host refuses calls signed for another. */
export interface HostTarget {
  url: string;
  hostId: string;
}

/** What handlers ask of the session hosts: HostClient over the signed internal API; the fast
 * test tier passes a recording fake (test-support/unit-edge.ts). */
export type SessionHosts = Pick<HostClient, 'startSession' | 'stopSession' | 'kick' | 'command' | 'drainHost'>;

/** Talks to session hosts over their signed internal API, routing a session's calls to its owner. */
export class HostClient {
  constructor(
    private readonly db: Db,
    private readonly secret: string,
    private readonly defaultHostUrl: string,
    private readonly clock: () => number = Date.now,
    /** The API call this client works for (X-Request-Id), sent along so the host logs it. */
    private readonly requestId?: string,
  ) {}

  /** The host holding a live lease on the session (its URL and id), or null. */
  async ownerOf(sessionId: string): Promise<HostTarget | null> {
    const [lease] = await this.db
      .select({ url: hostLeases.hostUrl, hostId: hostLeases.hostId })
      .from(hostLeases)
      .where(and(eq(hostLeases.sessionId, sessionId), gt(hostLeases.expiresAt, this.clock())));
    return lease ?? null;
  }

  /** SESSION_HOST_URL's host, for a session no host owns yet: its id comes from its /health. */
  private async defaultHost(): Promise<HostTarget> {
    const res = await fetch(new URL('/health', this.defaultHostUrl), { signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    const { hostId } = (await res.json()) as { hostId?: unknown };
    if (typeof hostId !== 'string') throw new ApiError(503, 'The session host did not say who it is.');
    return { url: this.defaultHostUrl, hostId };
  }

  /** The least loaded live host that takes sessions; SESSION_HOST_URL's host before any has
   * announced itself (a host that predates the registry, or the first start). */
  private async placement(): Promise<HostTarget> {
    const host = leastLoaded(await readHostLoads(this.db, this.clock()));
    return host ? { url: host.url, hostId: host.hostId } : this.defaultHost();
  }

  /** Asks the session's owner (or, for a session nobody holds, the least loaded host) to start it.
   * Best effort: when that fails, the hosts split unowned sessions between them at their next
   * heartbeat, so a failure here is not the caller's error. */
  async startSession(sessionId: string): Promise<boolean> {
    const path = `/internal/sessions/${encodeURIComponent(sessionId)}/start`;
    const owner = await this.ownerOf(sessionId);
    if (owner) return this.tryPost(owner, path, {});
    return this.placement().then(
      (host) => this.tryPost(host, path, {}),
      () => false,
    );
  }

  /** Tells a host its drain flag is set, so it hands its sessions off now rather than at its next
   * heartbeat. Best effort: a host that does not answer is dead or will read the flag itself. */
  async drainHost(host: HostTarget): Promise<number | null> {
    const res = await this.post<{ sessions?: number }>(host, '/internal/drain', {}).catch(() => null);
    return res && res.status < 300 && typeof res.body.sessions === 'number' ? res.body.sessions : null;
  }

  /** Asks the owner to close the socket and forget the session; no owner means nothing to stop. */
  async stopSession(sessionId: string, options: { logout: boolean }): Promise<boolean> {
    const owner = await this.ownerOf(sessionId);
    if (!owner) return true;
    return this.tryPost(owner, `/internal/sessions/${encodeURIComponent(sessionId)}/stop`, options);
  }

  /** Tells the owner that messages are queued. Best effort: the owner also polls. */
  async kick(sessionId: string): Promise<void> {
    if (kicksDue.has(sessionId)) return;
    kicksDue.add(sessionId);
    try {
      await new Promise((resolve) => setTimeout(resolve, KICK_COALESCE_MS));
    } finally {
      kicksDue.delete(sessionId);
    }
    const now = this.clock();
    let cached = kickOwners.get(sessionId);
    if (!cached || cached.until < now) {
      cached = { owner: await this.ownerOf(sessionId), until: now + KICK_OWNER_TTL_MS };
      kickOwners.set(sessionId, cached);
    }
    if (cached.owner) await this.tryPost(cached.owner, `/internal/sessions/${encodeURIComponent(sessionId)}/kick`, {});
  }

  /** A command for the session's owner, with the owner's refusal passed on as the API's error. */
  async command<T>(sessionId: string, command: string, body: unknown): Promise<T> {
    const res = await this.callOwner<T & { message?: string }>(sessionId, `/internal/sessions/${encodeURIComponent(sessionId)}/${command}`, body);
    if (res.status >= 300) {
      const status = [400, 403, 404, 409, 503].includes(res.status) ? (res.status as 400 | 403 | 404 | 409 | 503) : 502;
      throw new ApiError(status, res.body.message ?? `The session host refused the command (${res.status}).`);
    }
    return res.body;
  }

  /** A command for the session's owner; 503 when no live host owns it. */
  async callOwner<T>(sessionId: string, path: string, body: unknown): Promise<{ status: number; body: T }> {
    const owner = await this.ownerOf(sessionId);
    if (!owner) throw new ApiError(503, `No session host is running session ${sessionId}. Try again shortly.`);
    return this.post<T>(owner, path, body);
  }

  private async tryPost(host: HostTarget, path: string, body: unknown): Promise<boolean> {
    try {
      const res = await this.post(host, path, body);
      return res.status < 300;
    } catch {
      return false;
    }
  }

  private async post<T>(host: HostTarget, path: string, body: unknown): Promise<{ status: number; body: T }> {
    const payload = JSON.stringify(body);
    const headers = await signRequest(this.secret, { method: 'POST', path, targetHostId: host.hostId, body: payload }, this.clock());
    let res: Response;
    try {
      res = await fetch(new URL(path, host.url), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', ...(this.requestId ? { [REQUEST_ID_HEADER]: this.requestId } : {}) },
        body: payload,
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch {
      throw new ApiError(503, 'The session host did not answer. Try again shortly.');
    }
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
  }
}
