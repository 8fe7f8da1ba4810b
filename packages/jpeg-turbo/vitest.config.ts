import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'jpeg-turbo', include: ['src/**/*.test.ts'] } });
