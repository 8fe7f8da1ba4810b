import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { name: 'pixel-native', include: ['src/**/*.test.ts'] } });
