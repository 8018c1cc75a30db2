import { describe, expect, it } from 'vitest';
import { findPlaceholders, renderTemplate, unknownPlaceholders } from './placeholders.js';
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
