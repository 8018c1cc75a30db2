import { describe, expect, it } from 'vitest';
import { findPlaceholders, placeholderValues, renderTemplate, templateParts, unknownPlaceholders } from './placeholders.js';
import type { Recipient } from './recipients.js';

const john: Recipient = { number: '6281234567890', name: 'John', jobTitle: 'CEO', companyName: 'Tech Corp', customFields: { City: 'Jakarta' } };

describe('placeholders', () => {
  it('finds each name once, as written, with spaces inside the braces allowed', () => {
    expect(findPlaceholders('Hi {{Name}} {{ name }} of {{Company}}, {{ Favourite Colour }}')).toEqual(['Name', 'Company', 'Favourite Colour']);
    expect(findPlaceholders('no placeholders { here }')).toEqual([]);
  });

  it('renders built-ins and custom fields case insensitively', () => {
    expect(renderTemplate('Hello {{NAME}} ({{jobtitle}}) at {{Company}} / {{CompanyName}}, {{Number}} in {{city}}', john)).toBe(
      'Hello John (CEO) at Tech Corp / Tech Corp, 6281234567890 in Jakarta',
    );
  });

  it('renders a missing value as empty text', () => {
    expect(renderTemplate('Hi {{Name}}{{City}}!', { ...john, name: null, customFields: {} })).toBe('Hi !');
  });

  it('a built-in wins over a custom field of the same name', () => {
    expect(renderTemplate('{{name}}', { ...john, customFields: { Name: 'other' } })).toBe('John');
  });

  it('reports unknown placeholders unless a custom field fills them', () => {
    expect(unknownPlaceholders('Hi {{Name}} {{Nickname}} {{city}} {{}}', ['City'])).toEqual(['Nickname', '']);
    expect(unknownPlaceholders('Hi {{Name}}')).toEqual([]);
  });
});

describe('templateParts and placeholderValues (the dashboard preview marks unknown ones with them)', () => {
  it('cut a template into text and placeholders as written, in order', () => {
    expect(templateParts('Hi {{ Name }}, {{x}}{{City}}!')).toEqual([
      { text: 'Hi ' },
      { placeholder: 'Name', written: '{{ Name }}' },
      { text: ', ' },
      { placeholder: 'x', written: '{{x}}' },
      { placeholder: 'City', written: '{{City}}' },
      { text: '!' },
    ]);
    expect(templateParts('')).toEqual([]);
  });

  it('tell a built-in without a value ("") from a name nothing fills (undefined)', () => {
    const fill = placeholderValues({ ...john, name: null });
    expect([fill('Name'), fill(' city '), fill('Nickname'), fill('constructor')]).toEqual(['', 'Jakarta', undefined, undefined]);
  });
});

describe('placeholders on adversarial input', () => {
  // A backtracking pattern took ~42 s on one such 4,096-character content and stalled the edge.
  const adversarial = [`{{${' '.repeat(4094)}`, `{{${' a'.repeat(2047)}`, '{'.repeat(4096), '{{ '.repeat(1365), `{{${'\t\n '.repeat(1364)}}`];

  it.each(adversarial.map((text, i) => [i, text] as const))('checks adversarial content %i of 4,096 characters in milliseconds', (_i, text) => {
    const started = performance.now();
    findPlaceholders(text);
    unknownPlaceholders(text, ['City']);
    renderTemplate(text, john);
    // Generous for a loaded machine; the backtracking pattern needed seconds to minutes here.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('still trims spaces, tabs and newlines around names', () => {
    expect(findPlaceholders('{{\tName\n}} {{  City  }}')).toEqual(['Name', 'City']);
  });
});

describe('placeholders named like Object members', () => {
  it('are ordinary names: unknown unless a custom field fills them, never Object’s own members', () => {
    expect(unknownPlaceholders('{{constructor}} {{__proto__}} {{toString}}')).toEqual(['constructor', '__proto__', 'toString']);
    expect(renderTemplate('{{constructor}}|{{__proto__}}|{{toString}}', { ...john, customFields: { constructor: 'c' } })).toBe('c||');
  });
});
