// A well-formed request for any operation of the document, aimed at one session's resources: the
// authorization matrix sends it as is under each credential, the bad-input generator mutates it.
import { PNG } from '../fixtures.js';
import type { HttpRequest } from './http-probe.js';
import { sampleOf, type JsonSchema, type Operation } from './openapi-ops.js';

/** The resources one session owns in the security tests (ids real in the database). */
export interface Party {
  sessionId: string;
  token: string;
  listId: string;
  campaignId: string;
  mediaId: string;
  eventId: string;
  /** A dashboard user (invited, never signed in) for the /users/{id} operations. */
  userId: string;
  /** The session's primary webhook (an id of GET /sessions/{sessionId}/webhooks). */
  webhookId: string;
  /** One of the session's auto-reply rules. */
  ruleId: string;
}

export const PHONE = '6281234567890';
/** Webhooks point at the discard port on loopback: refused by the host's address guard or by the
 * port itself, so nothing ever leaves the machine and no event is ever delivered. */
export const SINK_URL = 'http://127.0.0.1:9/hook';
/** Far enough ahead that no campaign of these tests ever starts by its schedule. */
export const FAR_FUTURE = '2099-01-01T00:00:00.000Z';
export const AUTO_REPLY_RULE = { match: 'contains', pattern: 'price', reply: { type: 'text', text: { body: 'See our prices.' } } };
export const CSV_SAMPLE = `number,name\n${PHONE},Imported\n`;

let unique = 0;
/** A session id no other request of this process used. */
export const newSessionId = (prefix = 'sec') => `${prefix}-${process.pid.toString(36)}-${(unique++).toString(36)}`;

/** Field names that must carry the target's real ids (or a valid phone or URL) to get past the
 * schema and reach the authorization decision. */
function hintsFor(target: Party): (name: string) => unknown {
  const values: Record<string, unknown> = {
    sessionId: target.sessionId,
    listId: target.listId,
    campaignId: target.campaignId,
    mediaId: target.mediaId,
    eventId: target.eventId,
    webhookId: target.webhookId,
    ruleId: target.ruleId,
    token: target.token,
    url: SINK_URL,
    link: SINK_URL,
    phoneNumber: PHONE,
    number: PHONE,
    phone: PHONE,
    to: PHONE,
    remoteJid: `${PHONE}@s.whatsapp.net`,
    messageId: '3EB0D8E8D8F9A7B6',
  };
  return (name) => values[name];
}

/** Bodies the schema alone cannot make valid (a refine, a unique id, a cross-field rule). */
const BODY_OVERRIDES: Record<string, (target: Party) => unknown> = {
  'POST /sessions': () => ({ sessionId: newSessionId() }),
  'POST /users': () => ({ username: newSessionId('user'), role: 'operator', sessionIds: [] }),
  'PATCH /users/{id}': (t) => ({ sessionIds: [t.sessionId] }),
  'POST /auth/login': (t) => ({ token: t.token }),
  'PATCH /sessions/{sessionId}': () => ({ defaultCountry: 'ID' }),
  'PUT /sessions/{sessionId}/governor': () => ({ dailyCap: 500, quietHours: '22:00-07:00', timeZone: 'Asia/Jakarta', warmup: [20, 40] }),
  'POST /chats/read': (t) => ({ sessionId: t.sessionId, chatId: PHONE, messageIds: ['3EB0D8E8D8F9A7B6'] }),
  'POST /chats/presence': (t) => ({ sessionId: t.sessionId, chatId: PHONE, presence: 'composing' }),
  'POST /contacts/check': () => ({ contacts: [PHONE] }),
  'POST /sessions/{sessionId}/webhooks': () => ({ url: SINK_URL, events: ['message.received'] }),
  'PATCH /sessions/{sessionId}/webhooks/{webhookId}': () => ({ url: SINK_URL }),
  'POST /sessions/{sessionId}/auto-replies': () => AUTO_REPLY_RULE,
  'PATCH /sessions/{sessionId}/auto-replies/{ruleId}': () => ({ enabled: false }),
  'POST /campaigns': (t) => ({
    name: 'Security matrix',
    sessionId: t.sessionId,
    scheduledAt: FAR_FUTURE,
    message: { type: 'text', content: 'Hello {{Name}}' },
    recipients: [{ number: PHONE, name: 'Ann' }],
  }),
};

export function validBody(op: Operation, target: Party): unknown {
  const override = BODY_OVERRIDES[op.key];
  return override ? override(target) : sampleOf(op.body?.schema ?? {}, hintsFor(target));
}

/** The path with its parameters filled from the target (or from `rawPath`, sent as given) and
 * every required (or session) query parameter set; no credential headers. */
export function validRequest(op: Operation, target: Party, rawPath: Record<string, string> = {}): HttpRequest {
  const hint = hintsFor(target);
  // `id` names a contact elsewhere: only under /users is it a user's.
  if (op.path.startsWith('/users/') && rawPath.id === undefined) rawPath = { ...rawPath, id: target.userId };
  const value = (name: string, schema: JsonSchema) => String(sampleOf(schema, hint, name));
  let path = op.fullPath;
  const query = new URLSearchParams();
  for (const p of op.params) {
    if (p.in === 'path') path = path.replace(`{${p.name}}`, rawPath[p.name] ?? encodeURIComponent(value(p.name, p.schema)));
    else if (p.in === 'query' && (p.required || hint(p.name) !== undefined)) query.set(p.name, value(p.name, p.schema));
  }
  const search = query.size ? `?${query}` : '';
  return {
    method: op.method,
    path: path + search,
    headers: {},
    ...(op.body ? encodeBody(op.body.contentTypes[0]!, validBody(op, target), op.body.schema) : {}),
  };
}

/** The body in the given content type, with its content-type header. */
export function encodeBody(contentType: string, value: unknown, schema: JsonSchema): { headers: Record<string, string>; body: string | Uint8Array } {
  if (contentType === 'application/json') return { headers: { 'content-type': contentType }, body: JSON.stringify(value) };
  if (contentType === 'text/csv') return { headers: { 'content-type': contentType }, body: CSV_SAMPLE };
  // A raw file as the body (the streamed upload lists every media type): a real PNG as what it is.
  if (schema.format === 'binary') return { headers: { 'content-type': 'image/png' }, body: PNG };
  const fields = Object.entries((value ?? {}) as Record<string, unknown>).map(([name, v]): [string, FormValue] =>
    schema.properties?.[name]?.format === 'binary' ? [name, { filename: 'a.png', type: 'image/png', bytes: PNG }] : [name, String(v)],
  );
  if (contentType === 'application/x-www-form-urlencoded') {
    return { headers: { 'content-type': contentType }, body: new URLSearchParams(fields.map(([k, v]) => [k, typeof v === 'string' ? v : ''])).toString() };
  }
  return multipart(fields);
}

export type FormValue = string | { filename: string; type: string; bytes: Uint8Array };

/** A multipart/form-data body built by hand, so tests can also send it broken. */
export function multipart(fields: [string, FormValue][], boundary = 'wagSecurityBoundary7'): { headers: Record<string, string>; body: Uint8Array } {
  const parts: Buffer[] = [];
  for (const [name, v] of fields) {
    const disposition = typeof v === 'string' ? `form-data; name="${name}"` : `form-data; name="${name}"; filename="${v.filename}"\r\nContent-Type: ${v.type}`;
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
      Buffer.from(typeof v === 'string' ? v : v.bytes),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.concat(parts) };
}
