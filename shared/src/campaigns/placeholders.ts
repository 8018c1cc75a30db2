// `{{Placeholder}}` templates: found and checked when a campaign is created, rendered per
// recipient by the session host's campaign runner. Names are case insensitive.
import type { Recipient } from './recipients.js';
import { ownValue } from '../own-value.js';

type Builtin = (recipient: Recipient) => string | null;

/** The built-in placeholders (lowercased name → value). Custom fields cover every other name. */
export const BUILTIN_PLACEHOLDERS: Readonly<Record<string, Builtin>> = {
  name: (r) => r.name,
  company: (r) => r.companyName,
  companyname: (r) => r.companyName,
  jobtitle: (r) => r.jobTitle,
  number: (r) => r.number,
};

/** The built-ins as the documentation spells them. */
export const PLACEHOLDER_NAMES = ['Name', 'Company', 'JobTitle', 'Number'] as const;

// Linear on any input: the body cannot contain a brace, so a scan from one `{{` never crosses
// the next one, and the name is trimmed in code (`\s*` around a lazy group backtracked
// cubically: 4,096 characters of `{{` + spaces took ~42 s).
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** The placeholder names in a template, as written, in order of first appearance. */
export function findPlaceholders(template: string): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1]!.trim();
    if (!seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      names.push(name);
    }
  }
  return names;
}

/** The placeholders that neither a built-in nor one of `customFields` fills (compared case
 * insensitively), as written in the template. */
export function unknownPlaceholders(template: string, customFields: Iterable<string> = []): string[] {
  const known = new Set(Object.keys(BUILTIN_PLACEHOLDERS));
  for (const field of customFields) known.add(field.trim().toLowerCase());
  return findPlaceholders(template).filter((name) => !known.has(name.toLowerCase()));
}

/** A template cut at its placeholders: plain text, and each placeholder with its name as written
 * (trimmed) and the whole `{{…}}` it was written as. */
export type TemplatePart = { text: string } | { placeholder: string; written: string };

export function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    parts.push({ placeholder: match[1]!.trim(), written: match[0] });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

/** What each placeholder name means for one recipient: its value ('' when this recipient has none
 * of a built-in), or undefined when neither a built-in nor one of its custom fields fills it. A
 * built-in wins over a custom field of the same name. */
export function placeholderValues(recipient: Recipient): (name: string) => string | undefined {
  const custom = new Map<string, string>();
  for (const [key, value] of Object.entries(recipient.customFields)) custom.set(key.trim().toLowerCase(), value);
  return (name) => {
    const key = name.trim().toLowerCase();
    const builtin = ownValue(BUILTIN_PLACEHOLDERS, key);
    return builtin ? (builtin(recipient) ?? '') : custom.get(key);
  };
}

/** The text for one recipient: each placeholder replaced by its value ('' when this recipient has
 * none, e.g. a custom field only some recipients carry). Creation refuses placeholders no
 * recipient can fill, so a stored campaign has none. */
export function renderTemplate(template: string, recipient: Recipient): string {
  const fill = placeholderValues(recipient);
  return templateParts(template)
    .map((part) => ('text' in part ? part.text : (fill(part.placeholder) ?? '')))
    .join('');
}
