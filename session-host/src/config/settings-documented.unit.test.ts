// Every setting any process reads is written down where operators look: .env.example (with a
// comment) and the README's configuration table. A new setting without both fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../../scripts/start-config.js';

const root = new URL('../../../', import.meta.url);
const envExample = readFileSync(new URL('.env.example', root), 'utf8');
const readme = readFileSync(new URL('README.md', root), 'utf8');

describe('settings are documented', () => {
  it.each(SETTING_NAMES)('%s is in .env.example and in the README', (name) => {
    expect(envExample, '.env.example').toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    expect(readme, 'README.md').toContain(`\`${name}\``);
  });
});
