import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vitest/config';

// The unit tier imports the edge's app in Node: its `*.txt` imports (the dashboard's CSS and
// bundled scripts) become strings, as wrangler and Miniflare load them in the worker.
const textModules: Plugin = {
  name: 'text-modules',
  load(id) {
    if (id.endsWith('.txt')) return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
    return undefined;
  },
};

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
        plugins: [textModules],
        // In-process only: no workerd, no Baileys or simulator, no child process. `npm run test:unit`.
        // Shuffled, so a test that leans on the one before it fails here (vitest prints the seed).
        test: {
          name: 'unit',
          include: ['**/*.unit.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
          globalSetup: ['scripts/build-dashboard.ts'],
          sequence: { shuffle: { files: false, tests: true } },
        },
      },
      {
        extends: true,
        // Tests that run the built worker in workerd: the worker is bundled once first.
        test: {
          name: 'stack',
          include: ['edge/**/*.test.ts', 'e2e/**/*.test.ts'],
          exclude: ['**/*.unit.test.ts', 'node_modules/**', 'dist/**'],
          globalSetup: ['scripts/build-edge.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: ['session-host/**/*.test.ts', 'simulator/**/*.test.ts', 'shared/**/*.test.ts'],
          exclude: ['**/*.unit.test.ts', 'node_modules/**', 'dist/**'],
        },
      },
    ],
  },
});
