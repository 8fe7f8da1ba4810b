import { statSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from './support/processes.ts';
import { startEditor, startRuntime, type RuntimeStarted } from './support/stack.ts';

// The built editor behind `next start` and the runtime as `showflow serve` starts it.
describe('editor security headers and the served runtime', () => {
  let runtime: RuntimeStarted;
  let editor: Started;

  beforeAll(async () => {
    runtime = await startRuntime();
    editor = await startEditor(runtime.url);
  }, 600_000);
  afterAll(async () => {
    await editor?.stop();
    await runtime?.stop();
  });

  it('forbids framing, sniffing and full referrers on every page, the watch page included', async () => {
    for (const page of ['/', '/signin', '/watch/studio-demo']) {
      const res = await fetch(`${editor.url}${page}`, { redirect: 'manual' });
      expect(res.headers.get('content-security-policy'), page).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), page).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), page).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), page).toBe('strict-origin-when-cross-origin');
    }
  });

  it('serves the runtime only under its own names, and keeps its data folder private', async () => {
    const { hostname, port } = new URL(runtime.url);
    // fetch() drops a Host header; a DNS-rebinding page's browser sends its own name, as here.
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ hostname, port, path: '/healthz', headers: { host: `rebind.attacker.example:${port}` } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
    expect(rebound.status).toBe(403);
    expect((JSON.parse(rebound.body) as { code: string }).code).toBe('SF320');
    expect(statSync(runtime.dataDir).mode & 0o777).toBe(0o700);
  });
});
