import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        // Tests that run the built worker in workerd: the worker is bundled once first.
        test: { name: 'stack', include: ['edge/**/*.test.ts', 'e2e/**/*.test.ts'], globalSetup: ['test-support/build-edge.ts'] },
      },
      {
        extends: true,
        test: { name: 'node', include: ['session-host/**/*.test.ts', 'simulator/**/*.test.ts', 'shared/**/*.test.ts'] },
      },
    ],
  },
});
