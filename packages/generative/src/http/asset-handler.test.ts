import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineProvider } from '../providers/offline.ts';
import { GenerativeService } from '../service/generative-service.ts';
import type { AssetResult } from '../service/results.ts';
import { createAssetHandler, type AssetSource } from './asset-handler.ts';

let dataDir: string;
let service: GenerativeService;
let server: Server;
let base: string;
let asset: AssetResult;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sf-gen-http-'));
  service = await GenerativeService.open({ provider: new OfflineProvider(), dataDir, budget: { ratePerMinute: 60, burst: 10, dailyCapCents: 100 } });
  asset = await service.generate({ nodeKey: 'n', label: { creator: 'c', show: 's', purpose: 'p' }, request: { prompt: 'served', width: 64, height: 64, seed: 1 } });
  const handle = createAssetHandler(service);
  server = createServer(async (req, res) => {
    if (!(await handle(req, res))) res.writeHead(418).end('not mine');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await service.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('asset handler', () => {
  it('serves the PNG with its hash as ETag and an immutable cache policy', async () => {
    const res = await fetch(`${base}/assets/${asset.assetHash}.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${asset.assetHash}"`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(asset.bytes)).toBe(true);
  });

  it('answers 304 when If-None-Match matches, including weak and listed tags', async () => {
    for (const tag of [`"${asset.assetHash}"`, `W/"${asset.assetHash}"`, `"other", "${asset.assetHash}"`, '*']) {
      const res = await fetch(`${base}/assets/${asset.assetHash}.png`, { headers: { 'if-none-match': tag } });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(`"${asset.assetHash}"`);
      expect((await res.arrayBuffer()).byteLength).toBe(0);
    }
    expect((await fetch(`${base}/assets/${asset.assetHash}.png`, { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });

  it('serves the provenance record', async () => {
    const res = await fetch(`${base}/assets/${asset.assetHash}.provenance.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(asset.provenance);
  });

  it('verifies the stored asset, and a tampered record sent by the client', async () => {
    const ok = await fetch(`${base}/assets/${asset.assetHash}/verify`, { method: 'POST' });
    expect(await ok.json()).toMatchObject({ ok: true, assetSha256: asset.assetHash });
    const tampered = { ...asset.provenance, inputs: { ...asset.provenance.inputs, prompt: 'edited' } };
    const bad = await fetch(`${base}/assets/${asset.assetHash}/verify`, { method: 'POST', body: JSON.stringify({ record: tampered }) });
    expect(await bad.json()).toMatchObject({ ok: false, code: 'SF506' });
    const junk = await fetch(`${base}/assets/${asset.assetHash}/verify`, { method: 'POST', body: '{not json' });
    expect(junk.status).toBe(400);
  });

  it('answers 404 with a JSON error for unknown or malformed hashes', async () => {
    for (const url of [`/assets/${'0'.repeat(64)}.png`, '/assets/..%2F..%2Fetc%2Fpasswd.png', `/assets/${'0'.repeat(64)}.provenance.json`, `/assets/${'a'.repeat(64)}/verify`]) {
      const res = await fetch(`${base}${url}`, { method: url.endsWith('verify') ? 'POST' : 'GET' });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'SF507' } });
    }
  });

  it('leaves other paths to the host and refuses wrong methods', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(418);
    const res = await fetch(`${base}/assets/${asset.assetHash}.png`, { method: 'DELETE' });
    expect(res.status).toBe(405);
  });

  it('turns a failing source into a 500 JSON error instead of crashing', async () => {
    const broken: AssetSource = { getAsset: () => Promise.reject(new Error('disk on fire')), verify: () => Promise.reject(new Error('x')) };
    const handle = createAssetHandler(broken);
    const s = createServer(async (req, res) => void (await handle(req, res)));
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/assets/${asset.assetHash}.png`);
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ error: { code: 'SF511' } });
    } finally {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });
});
