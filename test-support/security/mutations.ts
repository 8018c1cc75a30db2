// Ways to spoil a well-formed request, each a pure function of the request, the operation's
// document entry and a seeded generator. `null`: does not apply to this operation.
import { PNG } from '../fixtures.js';
import type { HttpRequest } from './http-probe.js';
import {
  ODD_AUTHORIZATION,
  ODD_NUMBER_TOKENS,
  ODD_QUERY_VALUES,
  ODD_SEGMENTS,
  ODD_STRINGS,
  ODD_WHOLE_BODIES,
  TYPED_VALUES,
  nestedArrays,
} from './odd-values.js';
import type { Operation } from './openapi-ops.js';
import type { Rng } from './prng.js';
import { multipart, validRequest, type Party } from './valid-requests.js';

export interface MutationInput {
  op: Operation;
  target: Party;
  /** The well-formed request (credential headers included). */
  base: HttpRequest;
  /** Its body as a value (JSON and form bodies), before encoding. */
  value: unknown;
  rng: Rng;
}
export type Mutation = (m: MutationInput) => HttpRequest | null;

type Path = (string | number)[];
const RAW = '\u0000raw\u0000';

/** Every path into a JSON value (not the root itself). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

/** A copy of `root` with the node at `path` replaced (`undefined` deletes it). */
function replaced(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = structuredClone(root);
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path.at(-1)!;
  if (value === undefined) Array.isArray(node) ? node.splice(Number(last), 1) : delete node[last];
  else node[last] = value;
  return copy;
}

const isJson = (op: Operation) => op.body?.contentTypes[0] === 'application/json';
const isForm = (op: Operation) => ['multipart/form-data', 'application/x-www-form-urlencoded'].includes(op.body?.contentTypes[0] ?? '');
const withBody = (m: MutationInput, body: string | Uint8Array, contentType = 'application/json'): HttpRequest => ({
  ...m.base,
  headers: { ...m.base.headers, 'content-type': contentType },
  body,
});
/** A field of the body (or the body itself when it has none). */
const somePath = (m: MutationInput): Path => m.rng.pick<Path>([[], ...pathsOf(m.value)]);
/** The body with one node replaced by raw JSON text. */
const rawAt = (m: MutationInput, raw: string) =>
  withBody(
    m,
    JSON.stringify(replaced(m.value, somePath(m), RAW)).replace(JSON.stringify(RAW), () => raw),
  );

export const JSON_MUTATIONS: Record<string, Mutation> = {
  wrongType: (m) => {
    if (!isJson(m.op)) return null;
    return withBody(m, JSON.stringify(replaced(m.value, somePath(m), m.rng.pick(TYPED_VALUES))));
  },
  missingField: (m) => {
    if (!isJson(m.op)) return null;
    const required = m.op.body?.schema.required ?? [];
    const path = required.length && m.rng.chance(0.6) ? [m.rng.pick(required)] : m.rng.pick<Path>([[], ...pathsOf(m.value)]);
    return withBody(m, path.length ? JSON.stringify(replaced(m.value, path, undefined)) : '{}');
  },
  prototypeKeys: (m) => {
    if (!isJson(m.op) || !m.value || typeof m.value !== 'object' || Array.isArray(m.value)) return null;
    const extra = m.rng.pick([
      '"__proto__":{"kind":"master","isAdmin":true}',
      '"constructor":{"prototype":{"polluted":true}}',
      '"__proto__":null',
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
      `"${m.rng.pick(ODD_STRINGS).replace(/["\\\u0000-\u001f]/g, '_')}":1`,
    ]);
    return withBody(m, JSON.stringify(m.value).replace(/^\{/, `{${extra}${Object.keys(m.value).length ? ',' : ''}`));
  },
  hugeString: (m) =>
    isJson(m.op)
      ? withBody(m, JSON.stringify(replaced(m.value, somePath(m), m.rng.pick(['A'.repeat(100_000), '😀'.repeat(25_000), '{{x}}'.repeat(20_000)]))))
      : null,
  oddString: (m) => (isJson(m.op) ? withBody(m, JSON.stringify(replaced(m.value, somePath(m), m.rng.pick(ODD_STRINGS)))) : null),
  oddNumber: (m) => (isJson(m.op) ? rawAt(m, m.rng.pick(ODD_NUMBER_TOKENS)) : null),
  nestedArrays: (m) => (isJson(m.op) ? rawAt(m, nestedArrays(m.rng.pick([64, 1000, 20_000]))) : null),
  wholeBody: (m) => {
    if (!isJson(m.op)) return null;
    const many = JSON.stringify(Array.from({ length: 101 }, () => m.value));
    return withBody(m, m.rng.pick([...ODD_WHOLE_BODIES, many]));
  },
};

export const TRANSPORT_MUTATIONS: Record<string, Mutation> = {
  brokenJson: (m) => {
    if (!m.op.body) return null;
    const text = JSON.stringify(m.value ?? {});
    const broken = m.rng.pick<string | Uint8Array>([
      text.slice(0, m.rng.int(text.length)),
      `${text}garbage`,
      `${text}}`,
      text.replace(/"/g, "'"),
      `\ufeff${text}`,
      '',
      '{"a":1,}',
      '{',
      '{"sessionId":"a","sessionId":{}}',
      '{"text":"\u0001\u0002"}',
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      'undefined',
      'NaN',
    ]);
    return withBody(m, broken);
  },
  contentType: (m) => {
    if (!m.op.body) return null;
    const type = m.rng.pick([
      null,
      '',
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'application/json; charset=utf-16',
      'application/json;;;',
      'APPLICATION/JSON',
      'text/csv',
      'application/octet-stream',
      '*/*',
    ]);
    const { 'content-type': _, ...headers } = m.base.headers;
    return { ...m.base, headers: type === null ? headers : { ...headers, 'content-type': type }, body: m.base.body ?? JSON.stringify(m.value ?? {}) };
  },
  formField: (m) => {
    if (!isForm(m.op) || !m.value || typeof m.value !== 'object') return null;
    const fields = Object.entries(m.value as Record<string, unknown>).map(([k, v]): [string, string | { filename: string; type: string; bytes: Uint8Array }] =>
      m.op.body?.schema.properties?.[k]?.format === 'binary'
        ? [
            k,
            {
              filename: m.rng.pick(['a.png', '../../a.png', '', 'a\u0000.png', '%00.png']),
              type: m.rng.pick(['image/png', '', 'text/html', 'image/png; x=__proto__']),
              bytes: m.rng.chance(0.5) ? PNG : Buffer.from('<svg/>'),
            },
          ]
        : [k, String(v)],
    );
    const i = m.rng.int(fields.length + 1);
    if (i === fields.length) fields.push([m.rng.pick(['__proto__', 'constructor', 'file', 'x'.repeat(5000)]), m.rng.pick(ODD_STRINGS)]);
    else if (m.rng.chance(0.3)) fields.splice(i, 1);
    else fields[i] = [fields[i]![0], m.rng.pick([...ODD_STRINGS, 'A'.repeat(100_000)])];
    const body = multipart(fields);
    return { ...m.base, headers: { ...m.base.headers, ...body.headers }, body: body.body };
  },
  brokenMultipart: (m) => {
    if (!m.op.body?.contentTypes.includes('multipart/form-data')) return null;
    const good = multipart([['file', { filename: 'a.png', type: 'image/png', bytes: PNG }]], 'b0undary');
    const text = Buffer.from(good.body);
    const [type, body] = m.rng.pick<[string, Uint8Array | string]>([
      ['multipart/form-data', text],
      ['multipart/form-data; boundary=other', text],
      ['multipart/form-data; boundary=b0undary', text.subarray(0, m.rng.int(text.length))],
      ['multipart/form-data; boundary=b0undary', '--b0undary\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--b0undary--\r\n'],
      ['multipart/form-data; boundary=b0undary', ''],
      ['multipart/form-data; boundary="b0undary', text],
      [`multipart/form-data; boundary=${'b'.repeat(500)}`, text],
    ]);
    return withBody(m, body, type);
  },
  brokenCsv: (m) => {
    if (m.op.body?.contentTypes[0] !== 'text/csv') return null;
    const csv = m.rng.pick([
      '',
      'number\n',
      '"unclosed,quote\n1,2',
      'number,name\n6281234567890,a\u0000b\n',
      `number,name\n${'9'.repeat(400)},x\n`,
      `number,${'c,'.repeat(5000)}\n1\n`,
      `number,name\n${'x'.repeat(100_000)}\n`,
      "number,name\n=cmd|' /C calc'!A0,x\n",
      '\ufeffnumber;name\n1;2\n',
    ]);
    return withBody(m, csv, m.rng.pick(['text/csv', 'text/plain', 'application/csv']));
  },
};

export const PATH_MUTATIONS: Record<string, Mutation> = {
  oddPathParam: (m) => {
    const params = m.op.params.filter((p) => p.in === 'path');
    if (!params.length) return null;
    const path = validRequest(m.op, m.target, { [m.rng.pick(params).name]: m.rng.pick(ODD_SEGMENTS) }).path;
    return { ...m.base, path };
  },
  oddQuery: (m) => {
    const [pathname, search = ''] = m.base.path.split('?');
    const names = [...m.op.params.filter((p) => p.in === 'query').map((p) => p.name), '__proto__', 'constructor', 'sessionId'];
    const name = m.rng.pick(names);
    const extra = m.rng.pick([
      `${name}=${m.rng.pick(ODD_QUERY_VALUES)}`,
      `${name}=a&${name}=b`,
      `${name}[]=x`,
      `${name}[__proto__]=1`,
      name,
      '%zz=1',
      'a=1&'.repeat(1000),
    ]);
    const kept = m.rng.chance(0.5) ? search.split('&').filter((kv) => kv && !kv.startsWith(`${name}=`)) : [];
    return { ...m.base, path: `${pathname}?${[...kept, extra].join('&')}` };
  },
  oddHeaderParam: (m) => {
    const header = m.op.params.find((p) => p.in === 'header');
    return header
      ? { ...m.base, headers: { ...m.base.headers, [header.name]: m.rng.pick(['k'.repeat(300), '', '\u00ff'.repeat(20), '__proto__', 'a'.repeat(255)]) } }
      : null;
  },
  // Not DELETE: on a GET of A's list or campaign it would delete what the rest of the run uses.
  wrongMethod: (m) => ({ ...m.base, method: m.rng.pick(['GET', 'POST', 'PUT', 'PATCH'].filter((x) => x !== m.op.method)) }),
};

/** A credential that is no credential: always 401 on /api paths (see bad-input.ts). */
export const oddCredential: Mutation = (m) => {
  const { authorization: _a, 'x-master-key': _k, cookie: _c, ...headers } = m.base.headers;
  const odd: Record<string, string> = m.rng.chance(0.7)
    ? { authorization: m.rng.pick(ODD_AUTHORIZATION) }
    : { 'x-master-key': m.rng.pick(['', ' ', '__proto__', 'x'.repeat(10_000), 'wamk_%00']) };
  return { ...m.base, headers: { ...headers, ...odd } };
};
