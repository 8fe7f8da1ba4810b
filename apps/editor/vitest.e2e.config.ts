import { defineConfig } from 'vitest/config';

// Browser tests against the built editor and a real runtime. Separate from vitest.config.ts
// because they build (when stale), start servers and drive Chromium: minutes, not seconds.
export default defineConfig({
  test: {
    name: 'editor-e2e',
    root: import.meta.dirname,
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    // The runtime and the browser share two cores with the build; give polled expectations time.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // The first run may build the editor.
    hookTimeout: 420_000,
  },
});
