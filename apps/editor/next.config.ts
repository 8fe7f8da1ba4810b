import type { NextConfig } from 'next';

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them like app code.
  transpilePackages: ['@showflow/shared', '@showflow/capture-sdk'],
  reactStrictMode: true,
  poweredByHeader: false,
};

export default config;
