import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTRPCClient, httpLink } from '@trpc/client';
import { builtinNodes } from '@showflow/nodes';
import { NodeCatalog } from '@showflow/nodes/sdk';
import { liveNodes } from '@showflow/live';
import type { PipelineDocumentInput } from '@showflow/shared';
import type { AppRouter } from '../../src/api/router.ts';
import { bearer, clientWith, tokenFor } from '../fixtures/auth.ts';
import { listen, type RuntimeServer } from '../../src/api/http.ts';
import { createLogger } from '../../src/log.ts';
import { createLiveModule } from '../../src/modules/live.ts';
import { createApp, type ShowflowApp } from '../../src/service/app.ts';
import { tempDataDir, waitFor } from '../fixtures/app.ts';

/** A text overlay (the still) and a live camera through denoise to viewers. */
function stillsDocument(overrides: { title?: string; temporal?: number; titleY?: number } = {}): PipelineDocumentInput {
  return {
    schemaVersion: 1,
    id: 'stills',
    name: 'Stills',
    nodes: [
      { id: 'camera', type: 'showflow.capture', typeVersion: 1, config: { streamId: 'stills-cam', width: 320, height: 180, fps: 5 }, position: { x: 0, y: 0 } },
      { id: 'denoise', type: 'showflow.denoise', typeVersion: 1, config: { temporal: overrides.temporal ?? 12 }, position: { x: 200, y: 0 } },
      { id: 'title', type: 'showflow.text-overlay', typeVersion: 1, config: { text: overrides.title ?? 'Lower third' }, position: { x: 200, y: overrides.titleY ?? 200 } },
      { id: 'viewers', type: 'showflow.viewer-output', typeVersion: 1, config: {}, position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: 'e1', from: { node: 'camera', port: 'frame' }, to: { node: 'denoise', port: 'frame' } },
      { id: 'e2', from: { node: 'denoise', port: 'out' }, to: { node: 'viewers', port: 'frame' } },
    ],
  };
}

describe('live signaling errors and versioned still URLs on the runtime', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let client: ReturnType<typeof createTRPCClient<AppRouter>>;

  beforeAll(async () => {
    const log = createLogger('error');
    const dataDir = tempDataDir();
    const live = await createLiveModule({}).open({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'error', extraNodesDirs: [] }, log);
    app = await createApp({ catalog: new NodeCatalog([...builtinNodes, ...liveNodes]), dataDir, log, modules: [live] });
    server = await listen(app, 0, '127.0.0.1');
    client = clientWith(server.url, await tokenFor(app, 'owner'));
  });

  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  it('refuses a wrong token with 401 and a malformed offer with 400', async () => {
    const { streamId, token, whipUrl } = await client.live.createStream.mutate({ streamId: 'guarded' });
    expect(streamId).toBe('guarded');
    expect(whipUrl).toBe('/live/whip/guarded');
    const post = (auth: string, body: string) =>
      fetch(`${server.url}${whipUrl}`, { method: 'POST', headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${auth}` }, body });

    const wrong = await post('not-the-token', 'v=0\r\n');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'SF602' });

    const malformed = await post(token, 'hello, I am not SDP');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'SF601', message: expect.stringContaining('v=0') });

    // A new token replaces the old one.
    const renewed = await client.live.createStream.mutate({ streamId: 'guarded' });
    expect(renewed.token).not.toBe(token);
    expect((await post(token, 'v=0\r\n')).status).toBe(401);
    expect((await post(renewed.token, 'v=0\r\n')).status).toBe(400);

    const streams = await client.live.streams.query();
    expect(streams.find((s) => s.streamId === 'guarded')).toMatchObject({ state: 'no signal', accepting: true, sessions: 0 });
  });

  it('keeps a still’s URL across versions that leave it alone and changes it with versions that touch it', async () => {
    const still = async () => (await client.live.stills.query({ pipelineId: 'stills' })).find((s) => s.nodeId === 'title')!;
    await app.deployments.save(stillsDocument());
    await app.deployments.deploy('stills');
    const v1 = await still();
    expect(v1).toMatchObject({ version: 1, path: `/stills/stills/v1/title/${v1.behaviourHash}.jpg` });

    await waitFor(() => app.engine.metrics('stills')?.nodes.find((n) => n.nodeId === 'title' && n.processed > 0), 'the title rendered');
    const first = await fetch(`${server.url}${v1.path}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/jpeg');
    expect(first.headers.get('cache-control')).toContain('immutable');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(new RegExp(`^"${v1.behaviourHash}-\\d+"$`));
    expect([...new Uint8Array(await first.arrayBuffer()).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const again = await fetch(`${server.url}${v1.path}`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);

    // v2 changes the denoiser (not upstream of the title) and moves the title: same URL.
    await app.deployments.save(stillsDocument({ temporal: 30, titleY: 400 }));
    await app.deployments.deploy('stills');
    expect(await still()).toEqual(v1);
    expect((await fetch(`${server.url}${v1.path}`)).status).toBe(200);

    // v3 changes the title's text: a new URL, and the old one is gone and says where to look.
    await app.deployments.save(stillsDocument({ temporal: 30, titleY: 400, title: 'Now on air' }));
    await app.deployments.deploy('stills');
    const v3 = await still();
    expect(v3.version).toBe(3);
    expect(v3.behaviourHash).not.toBe(v1.behaviourHash);
    const stale = await fetch(`${server.url}${v1.path}`);
    expect(stale.status).toBe(404);
    expect(await stale.json()).toMatchObject({ current: v3.path });
    let status = 0;
    for (let attempt = 0; attempt < 200 && status !== 200; attempt++) {
      status = (await fetch(`${server.url}${v3.path}`)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);
  });

  it('exports per-stream and per-pipeline live metrics', async () => {
    await waitFor(() => app.engine.metrics('stills')?.nodes.find((n) => n.nodeId === 'viewers' && n.processed > 0), 'slate frames at the viewer output');
    const text = await (await fetch(`${server.url}/metrics`, { headers: bearer(await tokenFor(app, 'viewer')) })).text();
    expect(text).toContain('showflow_live_frames_received_total{stream="guarded"} 0');
    expect(text).toContain('showflow_live_stream_up{stream="guarded"} 0');
    expect(text).toMatch(/showflow_live_frames_published_total\{pipeline="stills"\} [1-9]/);
    expect(text).toContain('showflow_live_viewers{pipeline="stills"} 0');
  });
});
