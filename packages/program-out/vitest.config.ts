import { defineConfig } from 'vitest/config';

// Encoder tests spawn ffmpeg on a shared two-core machine: one file at a time.
export default defineConfig({
  test: {
    name: 'program-out',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
