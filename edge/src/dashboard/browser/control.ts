// The API control center: every operation of the OpenAPI document as a form that sends a real
// request with the dashboard cookie or a session's bearer token, and shows the answer.
import { api } from './api.js';
import type { Me, Session } from './api-types.js';
import { byId, main } from './dom.js';
import './frame.js';
import { h, run } from './ui.js';

/** The parts of an OpenAPI 3.1 document this page reads. */
interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

const STREAM_SHOWN_MS = 4000;
const kind = main().dataset.kind;
const modeSelect = byId('auth-mode', HTMLSelectElement);
const tokenInput = byId('auth-token', HTMLInputElement);
let spec: OpenApiDocument = { paths: {} };

/** Follows `$ref`s (bounded, so a cycle cannot hang the page). */
function resolve(schema: Schema | undefined): Schema {
  let s: Schema = schema ?? {};
  for (let i = 0; i < 10 && s.$ref; i++) {
    let node: unknown = spec;
    for (const key of s.$ref.split('/').slice(1)) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    s = (node as Schema | undefined) ?? {};
  }
  return s;
}

/** A JSON value shaped like `schema`, for the body field's starting text. */
function example(schema: Schema | undefined, depth = 0): unknown {
  const s = resolve(schema);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  if (s.allOf) return Object.assign({}, ...s.allOf.map((v) => example(v, depth)));
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return example(variants[0], depth);
  if (depth > 4) return null;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'object' || s.properties) {
    const required = new Set(s.required ?? []);
    const entries = Object.entries(s.properties ?? {}).filter(([key]) => required.has(key) || depth === 0);
    return Object.fromEntries(entries.map(([key, value]) => [key, example(value, depth + 1)]));
  }
  if (type === 'array') return [example(s.items, depth + 1)];
  if (type === 'integer' || type === 'number') return s.minimum ?? 0;
  if (type === 'boolean') return false;
  if (type === 'string') return s.format === 'date-time' ? new Date(Date.now() + 3600e3).toISOString() : '';
  return null;
}

function authHeaders(): Record<string, string> {
  return modeSelect.value === 'cookie' || !tokenInput.value ? {} : { authorization: `Bearer ${tokenInput.value}` };
}

const fieldValue = (form: HTMLFormElement, name: string): string => {
  const el = form.elements.namedItem(name);
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : '';
};

/** An event stream's first seconds as text; then the request is aborted. */
async function streamHead(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const stopAt = Date.now() + STREAM_SHOWN_MS;
  let out = '';
  while (Date.now() < stopAt) {
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), stopAt - Date.now()));
    const chunk = await Promise.race([reader.read(), timeout]);
    if (!chunk || chunk.done) break;
    out += decoder.decode(chunk.value, { stream: true });
  }
  controller.abort();
  return `${out}\n(stream: first ${STREAM_SHOWN_MS / 1000} seconds shown)`;
}

async function send(method: string, path: string, op: Operation, form: HTMLFormElement, out: HTMLElement): Promise<void> {
  let url = path;
  const query = new URLSearchParams();
  for (const p of op.parameters ?? []) {
    const value = fieldValue(form, `p-${p.in}-${p.name}`);
    if (p.in === 'path') {
      if (!value) throw new Error(`${p.name} is required.`);
      url = url.replace(`{${p.name}}`, encodeURIComponent(value));
    } else if (p.in === 'query' && value !== '') query.set(p.name, value);
  }
  const headers = authHeaders();
  const init: RequestInit = { method: method.toUpperCase(), headers, credentials: 'same-origin' };
  const content = op.requestBody?.content ?? {};
  const fileInput = form.elements.namedItem('file');
  const file = fileInput instanceof HTMLInputElement ? fileInput.files?.[0] : undefined;
  const bodyText = fieldValue(form, 'body');
  if (file) {
    const upload = new FormData();
    upload.append('file', file);
    init.body = upload;
  } else if (bodyText.trim()) {
    init.body = bodyText;
    headers['content-type'] = content['application/json'] ? 'application/json' : (Object.keys(content)[0] ?? 'text/plain');
  }
  const controller = new AbortController();
  const started = performance.now();
  const res = await fetch(`/api/v1${url}${query.size ? `?${query}` : ''}`, { ...init, signal: controller.signal });
  let shown: string;
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream') && res.body) shown = await streamHead(res.body, controller);
  else {
    shown = await res.text();
    try {
      shown = JSON.stringify(JSON.parse(shown), null, 2);
    } catch {
      // not JSON: shown as it is
    }
  }
  out.replaceChildren(
    h('p', {}, h('strong', {}, `HTTP ${res.status}`), ` · ${Math.round(performance.now() - started)} ms`),
    h('pre', { class: 'response', tabindex: '0' }, shown || '(empty body)'),
  );
}

function operation(path: string, method: string, op: Operation): HTMLElement {
  const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-');
  const form = h('form', { class: 'stack' });
  for (const p of op.parameters ?? []) {
    const fieldId = `${id}-${p.in}-${p.name}`;
    form.append(
      h('label', { for: fieldId }, `${p.name} (${p.in}${p.required ? ', required' : ''})`),
      h('input', { id: fieldId, name: `p-${p.in}-${p.name}`, required: p.required || undefined, placeholder: String(resolve(p.schema).default ?? '') }),
    );
  }
  const content = op.requestBody?.content ?? {};
  if (content['multipart/form-data'] && !content['application/json'] && !content['text/csv']) {
    form.append(h('label', { for: `${id}-file` }, 'file'), h('input', { id: `${id}-file`, name: 'file', type: 'file' }));
  } else if (Object.keys(content).length) {
    const json = content['application/json'];
    const start = json ? JSON.stringify(example(json.schema), null, 2) : '';
    form.append(
      h('label', { for: `${id}-body` }, `Body (${json ? 'application/json' : Object.keys(content)[0]})`),
      h('textarea', { id: `${id}-body`, name: 'body', rows: String(Math.min(14, start.split('\n').length + 1)) }, start),
    );
  }
  const out = h('div', { 'aria-live': 'polite' });
  form.append(h('button', { type: 'submit' }, 'Send request'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(form.querySelector('button'), () =>
      send(method, path, op, form, out).catch((err: unknown) =>
        out.replaceChildren(h('p', { class: 'errors' }, err instanceof Error ? err.message : String(err))),
      ),
    );
  });
  return h(
    'details',
    { class: 'op', 'data-search': `${method} ${path} ${op.summary ?? ''} ${(op.tags ?? []).join(' ')}`.toLowerCase() },
    h('summary', {}, h('span', { class: 'method' }, method.toUpperCase()), ` ${path} — ${op.summary ?? ''}`),
    op.description ? h('p', { class: 'muted' }, op.description) : '',
    form,
    out,
  );
}

async function setup(): Promise<void> {
  const [doc, me] = await Promise.all([api<OpenApiDocument>('GET', '/openapi.json'), api<Me>('GET', '/auth/me')]);
  spec = doc;
  const who =
    me.principal.kind === 'session'
      ? `session ${me.principal.sessionId}`
      : me.principal.kind === 'master'
        ? 'master key'
        : `${me.principal.kind} ${me.principal.username}`;
  const options = [h('option', { value: 'cookie' }, `Dashboard cookie (${who})`)];
  const tokens = new Map<string, string>();
  if (me.token && me.principal.kind === 'session') tokens.set(me.principal.sessionId, me.token);
  if (kind === 'admin') for (const s of await api<Session[]>('GET', '/sessions')) if (s.token) tokens.set(s.sessionId, s.token);
  for (const sessionId of tokens.keys()) options.push(h('option', { value: sessionId }, `Bearer token of session ${sessionId}`));
  modeSelect.replaceChildren(...options);
  if (me.token && me.principal.kind === 'session') {
    modeSelect.value = me.principal.sessionId;
    tokenInput.value = me.token;
  }
  modeSelect.addEventListener('change', () => {
    tokenInput.value = tokens.get(modeSelect.value) ?? '';
  });
  const container = byId('operations');
  const byTag = new Map<string, HTMLElement[]>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(path, method, op)]);
    }
  }
  container.replaceChildren(...[...byTag].map(([tag, ops]) => h('section', { class: 'stack', 'aria-label': tag }, h('h2', {}, tag), ...ops)));
  byId('op-search', HTMLInputElement).addEventListener('input', (event) => {
    const needle = (event.target as HTMLInputElement).value.trim().toLowerCase();
    for (const op of container.querySelectorAll<HTMLElement>('details.op')) op.hidden = Boolean(needle) && !op.dataset.search?.includes(needle);
  });
}

void run(null, setup);
