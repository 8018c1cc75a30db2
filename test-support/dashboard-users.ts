// Dashboard accounts made the way an admin makes them: POST /users (master key) → the invite
// link's token → POST /auth/accept-invite → POST /auth/login, over any fetch to the edge.

export type EdgeFetch = (path: string, init?: RequestInit) => Promise<Response>;

export interface SignedInUser {
  id: string;
  username: string;
  password: string;
  /** The wag_dashboard cookie's value. */
  cookie: string;
}

/** The token in an invite or reset link (it travels in the URL fragment). */
export const linkToken = (url: string): string => new URL(url).hash.replace(/^#token=/, '');

async function post(fetch: EdgeFetch, path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; json: any; res: Response }> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json(), res };
}

/** Creates the user, sets its password through the invite link and signs it in. `origin` is the
 * edge's own (sign-in must come from it); `client` the headers that give the client address. */
export async function createSignedInUser(
  fetch: EdgeFetch,
  options: { masterKey: string; origin: string; username: string; role?: 'admin' | 'operator'; sessionIds?: string[]; client?: Record<string, string> },
): Promise<SignedInUser> {
  const client = options.client ?? { 'cf-connecting-ip': '198.51.100.200' };
  const created = await post(
    fetch,
    '/api/v1/users',
    { username: options.username, role: options.role ?? 'operator', sessionIds: options.sessionIds ?? [] },
    {
      'x-master-key': options.masterKey,
      ...client,
    },
  );
  if (created.status !== 201) throw new Error(`POST /users: ${created.status} ${JSON.stringify(created.json)}`);
  const password = `pw-${options.username}-${crypto.randomUUID()}`;
  const accepted = await post(fetch, '/api/v1/auth/accept-invite', { token: linkToken(created.json.link.url), password }, client);
  if (accepted.status !== 200) throw new Error(`accept-invite: ${accepted.status} ${JSON.stringify(accepted.json)}`);
  const login = await post(fetch, '/api/v1/auth/login', { username: options.username, password }, { origin: options.origin, ...client });
  const cookie = /wag_dashboard=([^;]*)/.exec(login.res.headers.get('set-cookie') ?? '')?.[1];
  if (login.status !== 200 || !cookie) throw new Error(`login: ${login.status} ${JSON.stringify(login.json)}`);
  return { id: created.json.user.id, username: options.username, password, cookie };
}
