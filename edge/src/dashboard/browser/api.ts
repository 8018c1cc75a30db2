// Every dashboard call goes to the public API; the sign-in cookie travels with it (same origin).

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** A request body: JSON, a multipart form, or raw text with its type (a CSV file). */
export type ApiBody = FormData | { raw: string; type: string } | Record<string, unknown>;

const isRaw = (body: ApiBody): body is { raw: string; type: string } => !(body instanceof FormData) && typeof body.raw === 'string';

/** method + path under /api/v1. Returns the parsed JSON answer; a refusal throws ApiFailure with
 * the API's own message. */
export async function api<T = unknown>(method: string, path: string, body?: ApiBody): Promise<T> {
  const headers: Record<string, string> = {};
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined && isRaw(body)) {
    init.body = body.raw;
    headers['content-type'] = body.type;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new ApiFailure(0, 'The gateway cannot be reached. Check your connection and try again.');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (res.status === 401 && !path.startsWith('/auth/login')) {
    location.href = `/dashboard/login?next=${encodeURIComponent(location.pathname)}`;
    throw new ApiFailure(401, 'Your sign-in has expired.');
  }
  if (!res.ok) throw new ApiFailure(res.status, messageOf(data) ?? `Request failed (HTTP ${res.status})`, data);
  return data as T;
}

function messageOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('message' in data)) return undefined;
  return typeof data.message === 'string' && data.message ? data.message : undefined;
}

/** `?a=1&b=2` from the values that are set (empty strings and null are left out). */
export function q(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
