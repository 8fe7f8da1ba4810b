import { defineConfig } from 'vitest/config';

// Only DOM-free code (wire format, retry policy and reconnect loop with fake transports) is unit-tested here; the browser paths run in @showflow/live's Chromium tests.
export default defineConfig({ test: { name: 'capture-sdk', include: ['src/**/*.test.ts'] } });
