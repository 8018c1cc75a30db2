// The host's stack format (installed by run.ts): our own TypeScript frames point at the .ts line
// (tsx compiles a file to a few long lines, so an unmapped position is useless), frames inside
// dependencies keep V8's own text.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('installStackFormat', () => {
  it('maps our own frames to their TypeScript lines and leaves dependency frames as V8 wrote them', () => {
    const probe = fileURLToPath(new URL('./fixtures/stack-probe.ts', import.meta.url));
    const run = (...args: string[]) =>
      JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', probe, ...args], { encoding: 'utf8' })) as { own: string; fromDependency: string };
    const ours = run();
    const nodes = run('--node-default');
    expect(ours.own.split('\n').slice(0, 2)).toEqual(['Error: probe', `    at probe (${probe}:12:18)`]);
    expect(ours.own.split('\n').slice(0, 2)).toEqual(nodes.own.split('\n').slice(0, 2));
    expect(ours.fromDependency).toMatch(/^RangeError: index out of range.*\n {4}at indexOutOfRange \(.*\/node_modules\/protobufjs\/src\/reader\.js:\d+:\d+\)/);
    expect(ours.fromDependency.split('\n').slice(0, 4)).toEqual(nodes.fromDependency.split('\n').slice(0, 4));
  });
});
