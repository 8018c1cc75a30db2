// Every setting either side reads is written down where operators look: .env.example (with a
// comment) and the README's configuration table. A new setting without both fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EdgeConfigSchema } from '../../../edge/src/config.js';
import { StartConfigSchema } from '../../../scripts/start-config.js';
import { HostConfigSchema } from './config.js';

const root = new URL('../../../', import.meta.url);
const envExample = readFileSync(new URL('.env.example', root), 'utf8');
const readme = readFileSync(new URL('README.md', root), 'utf8');
const settings = [...new Set([HostConfigSchema, EdgeConfigSchema, StartConfigSchema].flatMap((schema) => Object.keys(schema.shape)))];

describe('settings are documented', () => {
  it.each(settings)('%s is in .env.example and in the README', (name) => {
    expect(envExample, '.env.example').toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    expect(readme, 'README.md').toContain(`\`${name}\``);
  });
});
