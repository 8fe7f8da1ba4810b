import { defineConfig } from 'vitest/config';

// Tests run ffmpeg and RNNoise on real signals on a shared machine: generous timeouts, one file at a time.
export default defineConfig({
  test: {
    name: 'audio',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
