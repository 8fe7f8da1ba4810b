import { defineConfig } from 'vitest/config';

// Browser tests share two CPU cores with everything else: run files one after another.
export default defineConfig({
  test: {
    name: 'live',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
