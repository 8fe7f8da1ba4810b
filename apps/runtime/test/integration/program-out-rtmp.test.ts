import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@showflow/live/testing';
import { PipelineDocument } from '@showflow/shared';
import type { RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { bearer, tokenFor } from '../fixtures/auth.ts';
import { programOutRuntime } from '../fixtures/program-out.ts';
import { startRtmpServer, type RtmpServer } from '../fixtures/rtmp-server.ts';

const run = promisify(execFile);
const PIPELINE = 'program-rtmp';
const KEY = `sk-live-${randomBytes(8).toString('hex')}`;

const node = (id: string, type: string, config: Record<string, unknown>, x: number, y = 0) => ({ id, type, typeVersion: 1, config, position: { x, y } });

async function probeStreams(file: string): Promise<string[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'csv=p=0', file]);
  return stdout.trim().split('\n').sort();
}

describe('RTMP restream to nginx-rtmp', () => {
  let rtmp: RtmpServer;
  let app: ShowflowApp;
  let server: RuntimeServer;
  const status = () => app.engine.metrics(PIPELINE)?.nodes.find((n) => n.nodeId === 'restream')?.status.text ?? '';

  beforeAll(async () => {
    rtmp = await startRtmpServer();
    ({ app, server } = await programOutRuntime({ SHOWFLOW_RESTREAM_KEY_TEST: KEY }));
    await app.deployments.save(
      PipelineDocument.parse({
        schemaVersion: 1,
        id: PIPELINE,
        name: 'Restream',
        nodes: [
          node('picture', 'test.moving-picture', {}, 0),
          node('tone', 'showflow.audio-file', { path: 'tone.wav' }, 0, 150),
          node('restream', 'showflow.rtmp-out', { url: rtmp.url, streamKey: 'TEST', width: 640, height: 360, videoKbps: 800 }, 300),
        ],
        edges: [
          { id: 'e1', from: { node: 'picture', port: 'frame' }, to: { node: 'restream', port: 'frame' } },
          { id: 'e2', from: { node: 'tone', port: 'out' }, to: { node: 'restream', port: 'audio' } },
        ],
      }),
    );
    await app.deployments.deploy(PIPELINE);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await app?.close();
    await rtmp?.close();
  });

  it('publishes H.264 + AAC under the secret key, reconnects after the server drops, and never shows the key', async () => {
    const recording = rtmp.recording(KEY);
    await waitFor(async () => ((await stat(recording).catch(() => undefined))?.size ?? 0) > 100_000, 'the server to record 100 KB of the stream', 45_000);
    expect(await probeStreams(recording)).toEqual(['aac,audio', 'h264,video']);
    await waitFor(() => /^live · \d+\.\d\d Mbit\/s · \d+ dropped · 0 reconnects$/.test(status()), 'a live status with bitrate', 20_000);
    const mbps = Number(/live · ([\d.]+) Mbit/.exec(status())![1]);
    expect(mbps).toBeGreaterThan(0.05);

    // The platform goes away: the node says so and retries with backoff; back, it goes live again.
    await rtmp.stop();
    await waitFor(() => status().startsWith('reconnecting in'), 'the node to report reconnecting', 30_000);
    expect(status()).toMatch(/SF639/);
    await rtmp.start();
    await waitFor(() => /^live · .* · [1-9]\d* reconnects?$/.test(status()), 'the restream to come back live', 60_000);

    // The key is nowhere a user or an API client can read it.
    expect(status()).not.toContain(KEY);
    const saved = await app.deployments.get(PIPELINE);
    expect(JSON.stringify(saved)).not.toContain(KEY);
    const scrape = await fetch(`${server.url}/metrics`, { headers: bearer(await tokenFor(app, 'viewer')) });
    expect(scrape.status).toBe(200);
    const metrics = await scrape.text();
    expect(metrics).not.toContain(KEY);
    for (const n of app.engine.metrics(PIPELINE)!.nodes) expect(JSON.stringify(n)).not.toContain(KEY);
  }, 180_000);
});
