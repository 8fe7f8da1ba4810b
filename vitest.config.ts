import { defineConfig } from 'vitest/config';

// Each workspace keeps its own vitest.config.ts; `npm test` runs them all in one process.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'apps/*/vitest.e2e.config.ts', 'examples/vitest.config.ts*', 'examples/*/vitest.config.ts'],
  },
});
