import type { Statistics } from '../../../../shared/src/api/campaigns.js';
import { byId } from './dom.js';

type Child = Node | string | number | null | undefined | false;
type Attrs = { on?: Record<string, (event: Event) => void>; class?: string; text?: string } & Record<string, unknown>;

/** h('tag', { attrs, on: { click } }, ...children): a DOM element; text children are never HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') for (const [event, fn] of Object.entries(value as Record<string, EventListener>)) el.addEventListener(event, fn);
    else if (key === 'class') el.className = String(value);
    else if (key === 'text') el.textContent = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : String(child));
  return el;
}

/** A message in the page's live region; errors stay until the next message. */
export function flash(message: string, kind: 'ok' | 'error' = 'ok'): void {
  const el = byId('flash');
  el.textContent = message;
  el.className = kind === 'error' ? 'flash error' : 'flash';
  el.hidden = false;
  if (kind !== 'error') {
    setTimeout(() => {
      if (el.textContent === message) el.hidden = true;
    }, 6000);
  }
}

/** Runs an action from a form or button: disables the control meanwhile, reports failures. */
export async function run<T>(control: HTMLButtonElement | null, action: () => Promise<T>): Promise<T | undefined> {
  if (control) control.disabled = true;
  try {
    return await action();
  } catch (err) {
    flash(err instanceof Error ? err.message : String(err), 'error');
    return undefined;
  } finally {
    if (control) control.disabled = false;
  }
}

export function onSubmit(form: HTMLFormElement, handler: (data: FormData) => Promise<unknown>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(form.querySelector('button[type=submit]'), () => handler(new FormData(form)));
  });
}

/** A form field's text ('' when it is absent or a file). */
export const text = (data: FormData, name: string): string => {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
};

export const badge = (status: string) => h('span', { class: `badge ${status}` }, status);
export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

export function progressBar(label: string) {
  const fill = h('span');
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, fill);
  return {
    el: bar,
    set(stats: Statistics) {
      const done = stats.sent + stats.failed;
      const pct = stats.total ? Math.round((done / stats.total) * 100) : 0;
      fill.style.width = `${pct}%`;
      bar.setAttribute('aria-valuenow', String(pct));
      bar.setAttribute('aria-valuetext', `${pct}% (${stats.sent} sent, ${stats.failed} failed of ${stats.total})`);
    },
  };
}

export interface ImportReport {
  message: string;
  errors: { line: number; message: string }[];
}

/** Shows an import's outcome: counts, and each bad row with its line number. */
export function showImport(report: ImportReport, ids: { summary: string; errors: string; box: string }): void {
  byId(ids.summary).textContent = report.message;
  byId(ids.errors).replaceChildren(...report.errors.map((e) => h('li', {}, `Line ${e.line}: ${e.message}`)));
  byId(ids.box).hidden = false;
}

export async function copy(value: string, button: HTMLButtonElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(value);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Select the text and copy it';
  }
}
