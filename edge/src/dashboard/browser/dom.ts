// Typed lookups of the elements a page frame (edge/src/dashboard/pages) renders for its script.
// A missing element is a bug in the frame: it fails loudly with the id instead of as `null.x`.

type Constructor<T> = abstract new (...args: never[]) => T;

/** The element with this id, checked to be of the given kind. */
export function byId<T extends HTMLElement = HTMLElement>(id: string, kind?: Constructor<T>): T {
  const el = document.getElementById(id);
  if (!el || (kind && !(el instanceof kind))) throw new Error(`The page has no ${kind?.name ?? 'element'} #${id}.`);
  return el as T;
}

/** The element with this id, or null where the page leaves it out (e.g. admin-only controls). */
export function maybeById<T extends HTMLElement = HTMLElement>(id: string, kind: Constructor<T>): T | null {
  const el = document.getElementById(id);
  return el instanceof kind ? el : null;
}

/** A form's named control, checked to be of the given kind. */
export function control<T extends Element>(form: HTMLFormElement, name: string, kind: Constructor<T>): T {
  const el = form.elements.namedItem(name);
  if (!(el instanceof kind)) throw new Error(`The form #${form.id} has no ${kind.name} named ${name}.`);
  return el;
}

/** The page's main element, whose data-* attributes carry what the server rendered it for. */
export const main = (): HTMLElement => byId('main');

/** The first file chosen in a file input, if any. */
export const chosenFile = (input: HTMLInputElement): File | undefined => input.files?.[0];

/** The value of a form's radio group or select by name ('' when nothing is chosen). */
export function choice(form: HTMLFormElement, name: string): string {
  const el = form.elements.namedItem(name);
  return el instanceof RadioNodeList || el instanceof HTMLSelectElement ? el.value : '';
}
