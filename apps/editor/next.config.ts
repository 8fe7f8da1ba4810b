import type { NextConfig } from 'next';

/**
 * Sent with every editor page: no other site may frame the editor (clickjacking a Deploy or
 * Go live button), browsers must not guess content types, and links to other sites do not
 * carry the editor's URLs (pipeline and stream ids) in Referer.
 */
const securityHeaders = [
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them like app code.
  transpilePackages: ['@showflow/shared', '@showflow/capture-sdk'],
  reactStrictMode: true,
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default config;
