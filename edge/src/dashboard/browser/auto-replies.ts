// The auto-replies page: GET /sessions/{id}/auto-replies as a table with edit, enable/disable and
// delete per rule, and one form that POSTs a new rule or PATCHes the one being edited.
import { api } from './api.js';
import type { AutoReplyChanged, AutoReplyRule, AutoReplyRules, Success } from './api-types.js';
import { byId, control, main } from './dom.js';
import './frame.js';
import { flash, h, onSubmit, run, text } from './ui.js';

const sessionId = main().dataset.sessionId ?? '';
const path = `/sessions/${encodeURIComponent(sessionId)}/auto-replies`;
const form = byId('rule-form', HTMLFormElement);
const submit = byId('rule-submit', HTMLButtonElement);
const cancel = byId('rule-cancel', HTMLButtonElement);

function replyOf(data: FormData): Record<string, unknown> {
  const type = text(data, 'replyType');
  const body = text(data, 'replyText');
  if (type === 'text') return { type, text: { body } };
  const media = text(data, 'replyMedia').trim();
  const ref = /^https?:\/\//i.test(media) ? { link: media } : { id: media };
  return { type, [type]: { ...ref, ...(body && type !== 'audio' ? { caption: body } : {}) } };
}

function ruleOf(data: FormData): Record<string, unknown> {
  const match = text(data, 'match');
  const name = text(data, 'name').trim();
  return {
    name: name || null,
    match,
    pattern: match === 'first_message' ? null : text(data, 'pattern'),
    caseSensitive: data.has('caseSensitive'),
    reply: replyOf(data),
    priority: Number(text(data, 'priority') || 0),
    cooldownSeconds: Number(text(data, 'cooldownSeconds') || 3600),
    timeWindow: text(data, 'timeWindow').trim() || null,
    timeZone: text(data, 'timeZone').trim() || 'UTC',
    groups: data.has('groups'),
    enabled: data.has('enabled'),
  };
}

const describeReply = (reply: Record<string, unknown>) => {
  const type = String(reply.type);
  const part = (reply[type] ?? {}) as { body?: string; caption?: string; link?: string; id?: string };
  return type === 'text' ? (part.body ?? '') : `${type}: ${part.link ?? part.id ?? ''}${part.caption ? ` (${part.caption})` : ''}`;
};

const describeMatch = (r: AutoReplyRule) =>
  r.match === 'first_message' ? 'first message from a new contact' : `${r.match} ${JSON.stringify(r.pattern)}${r.caseSensitive ? ' (case sensitive)' : ''}`;

/** A text field, select or textarea of the form. */
function field(name: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const el = form.elements.namedItem(name);
  if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) return el;
  throw new Error(`The form #${form.id} has no field named ${name}.`);
}

function edit(rule: AutoReplyRule): void {
  const set = (name: string, value: string) => {
    field(name).value = value;
  };
  const check = (name: string, value: boolean) => {
    control(form, name, HTMLInputElement).checked = value;
  };
  const type = String(rule.reply.type);
  const part = (rule.reply[type] ?? {}) as { body?: string; caption?: string; link?: string; id?: string };
  set('ruleId', String(rule.id));
  set('name', rule.name ?? '');
  set('match', rule.match);
  set('pattern', rule.pattern ?? '');
  set('replyType', type);
  set('replyText', part.body ?? part.caption ?? '');
  set('replyMedia', part.link ?? part.id ?? '');
  set('priority', String(rule.priority));
  set('cooldownSeconds', String(rule.cooldownSeconds));
  set('timeWindow', rule.timeWindow ?? '');
  set('timeZone', rule.timeZone);
  check('caseSensitive', rule.caseSensitive);
  check('groups', rule.groups);
  check('enabled', rule.enabled);
  byId('rule-form-title').textContent = `Edit rule ${rule.id}`;
  submit.textContent = 'Save rule';
  cancel.hidden = false;
  form.scrollIntoView();
}

function reset(): void {
  form.reset();
  field('ruleId').value = '';
  byId('rule-form-title').textContent = 'New rule';
  submit.textContent = 'Add rule';
  cancel.hidden = true;
}

function row(rule: AutoReplyRule): HTMLTableRowElement {
  const toggle = h('button', { type: 'button', class: 'secondary' }, rule.enabled ? 'Disable' : 'Enable');
  toggle.addEventListener('click', () =>
    run(toggle, async () => {
      const res = await api<AutoReplyChanged>('PATCH', `${path}/${rule.id}`, { enabled: !rule.enabled });
      flash(res.message);
      await refresh();
    }),
  );
  const editButton = h('button', { type: 'button', class: 'secondary', on: { click: () => edit(rule) } }, 'Edit');
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
  remove.addEventListener('click', () => {
    if (!confirm(`Delete auto-reply rule ${rule.id}?`)) return;
    void run(remove, async () => {
      const res = await api<Success>('DELETE', `${path}/${rule.id}`);
      flash(res.message);
      await refresh();
    });
  });
  return h(
    'tr',
    { 'data-rule-id': String(rule.id) },
    h('td', {}, rule.priority),
    h('td', {}, rule.name ?? ''),
    h('td', {}, describeMatch(rule)),
    h('td', {}, describeReply(rule.reply)),
    h('td', {}, `${rule.timeWindow ? `${rule.timeWindow} (${rule.timeZone})` : 'always'}${rule.groups ? ', groups too' : ''}`),
    h('td', {}, `${rule.cooldownSeconds} s`),
    h('td', {}, rule.enabled ? 'yes' : 'no'),
    h('td', { class: 'row' }, editButton, toggle, remove),
  );
}

async function refresh(): Promise<void> {
  const res = await api<AutoReplyRules>('GET', path);
  const table = byId('rules');
  table.querySelector('tbody')?.replaceChildren(...res.rules.map(row));
  table.hidden = res.rules.length === 0;
  byId('rules-empty').hidden = res.rules.length > 0;
}

onSubmit(form, async (data) => {
  const ruleId = text(data, 'ruleId');
  const res = ruleId ? await api<AutoReplyChanged>('PATCH', `${path}/${ruleId}`, ruleOf(data)) : await api<AutoReplyChanged>('POST', path, ruleOf(data));
  flash(res.message);
  reset();
  await refresh();
});
cancel.addEventListener('click', reset);

void run(null, refresh);
