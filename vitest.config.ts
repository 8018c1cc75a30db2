import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The S3 SDK is pinned; its reminder that later versions need Node 22 is noise in every test.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        // Tests that run the built worker in workerd: the worker is bundled once first.
        test: { name: 'stack', include: ['edge/**/*.test.ts', 'e2e/**/*.test.ts'], globalSetup: ['scripts/build-edge.ts'] },
      },
      {
        extends: true,
        test: { name: 'node', include: ['session-host/**/*.test.ts', 'simulator/**/*.test.ts', 'shared/**/*.test.ts'] },
      },
    ],
  },
});
