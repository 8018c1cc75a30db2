// AWS Signature Version 4 checked for real, for the embedded S3 server: s3rver 3.7.1 looks up
// the access key of a V4 request but never computes its signature, and lets unsigned requests
// (anonymous listing, PUT overwrites, browser form POSTs) through. Both ways of signing that
// @aws-sdk uses are accepted: the Authorization header and a presigned URL's query.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignedRequest {
  method: string;
  /** Path and query exactly as sent (`req.url`). */
  url: string;
  /** Node's lower-cased request headers. */
  headers: Record<string, string | string[] | undefined>;
}

export type SigV4Result = { ok: true } | { ok: false; reason: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** How far a header-signed request's time may be from ours, as S3 allows. */
const MAX_SKEW_MS = 15 * 60_000;
/** A presigned URL lives at most a week, as on S3. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const sha256Hex = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function queryPairs(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      const [key, value] = at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
      return [decodeURIComponent(key), decodeURIComponent(value)];
    });
}

/** `20240102T030405Z` → epoch ms, or NaN. */
function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(value);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : Number.NaN;
}

interface Parts {
  credential: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  payloadHash: string;
}

function fromHeader(authorization: string, headers: SignedRequest['headers']): Parts | string {
  if (!authorization.startsWith(`${ALGORITHM} `)) return 'only AWS4-HMAC-SHA256 signatures are accepted';
  const fields = new Map(
    authorization
      .slice(ALGORITHM.length + 1)
      .split(',')
      .map((field) => {
        const at = field.indexOf('=');
        return [field.slice(0, at).trim(), field.slice(at + 1).trim()] as const;
      }),
  );
  const amzDate = String(headers['x-amz-date'] ?? '');
  const payloadHash = String(headers['x-amz-content-sha256'] ?? '');
  const [credential, signedHeaders, signature] = [fields.get('Credential'), fields.get('SignedHeaders'), fields.get('Signature')];
  if (!credential || !signedHeaders || !signature || !amzDate || !payloadHash) return 'malformed Authorization';
  return { credential, signedHeaders: signedHeaders.split(';'), signature, amzDate, payloadHash };
}

function fromQuery(query: Map<string, string>): Parts | string {
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) return 'only AWS4-HMAC-SHA256 signatures are accepted';
  const [credential, signedHeaders, signature, amzDate] = ['X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Date'].map((name) =>
    query.get(name),
  );
  if (!credential || !signedHeaders || !signature || !amzDate) return 'malformed presigned URL';
  // Presigned URLs carry no payload hash unless the signer hoisted one into the query.
  const payloadHash = [...query].find(([name]) => name.toLowerCase() === 'x-amz-content-sha256')?.[1] ?? 'UNSIGNED-PAYLOAD';
  return { credential, signedHeaders: signedHeaders.split(';'), signature, amzDate, payloadHash };
}

/** Whether the request carries a valid SigV4 signature made with `credentials`' secret, in time. */
export function verifySigV4(request: SignedRequest, credentials: S3Credentials, now = Date.now()): SigV4Result {
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const pairs = queryPairs(at < 0 ? '' : request.url.slice(at + 1));
  const query = new Map(pairs);
  const authorization = request.headers.authorization;
  const presigned = query.has('X-Amz-Signature');
  if (typeof authorization === 'string' && presigned) return { ok: false, reason: 'one signature at a time' };
  if (typeof authorization !== 'string' && !presigned) return { ok: false, reason: 'unsigned request' };
  const parts = typeof authorization === 'string' ? fromHeader(authorization, request.headers) : fromQuery(query);
  if (typeof parts === 'string') return { ok: false, reason: parts };

  const [accessKeyId, date, region, service, terminator] = parts.credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) return { ok: false, reason: 'unknown access key' };
  if (!date || !region || service !== 's3' || terminator !== 'aws4_request' || !parts.amzDate.startsWith(date))
    return { ok: false, reason: 'bad credential scope' };
  const signedAt = parseAmzDate(parts.amzDate);
  if (Number.isNaN(signedAt)) return { ok: false, reason: 'bad X-Amz-Date' };
  if (presigned) {
    const expires = Number(query.get('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) return { ok: false, reason: 'bad X-Amz-Expires' };
    if (now > signedAt + expires * 1000 || signedAt - now > MAX_SKEW_MS) return { ok: false, reason: 'presigned URL expired' };
  } else if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    return { ok: false, reason: 'request time too skewed' };
  }
  if (!parts.signedHeaders.includes('host')) return { ok: false, reason: 'host must be signed' };

  const canonicalQuery = pairs
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalHeaders = parts.signedHeaders
    .map((name) => {
      const value = request.headers[name];
      return `${name}:${(Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  // S3 signs the path as sent: the SDK has already encoded each segment once.
  const canonicalRequest = [request.method.toUpperCase(), path, canonicalQuery, canonicalHeaders, parts.signedHeaders.join(';'), parts.payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/${terminator}`;
  const stringToSign = [ALGORITHM, parts.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = [date, region, service, terminator].reduce<Buffer | string>((key, part) => hmac(key, part), `AWS4${credentials.secretAccessKey}`);
  const expected = Buffer.from(hmac(signingKey, stringToSign).toString('hex'));
  const given = Buffer.from(parts.signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
