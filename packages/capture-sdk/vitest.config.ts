import { defineConfig } from 'vitest/config';

// Only the DOM-free wire format is unit-tested here; the browser paths run in @showflow/live's Chromium tests.
export default defineConfig({ test: { name: 'capture-sdk', include: ['src/**/*.test.ts'] } });
