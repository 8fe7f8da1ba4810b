import { defineConfig } from 'vitest/config';

// Unit and component tests. Browser tests live in vitest.e2e.config.ts (project editor-e2e)
// because they need a built editor and a running runtime.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    name: 'editor',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'jsdom',
  },
});
