import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'runtime',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start Node-RED and push real 720p frames on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // One file at a time: each integration file runs frames through its own embedded Node-RED.
    fileParallelism: false,
  },
});
