import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PipelineDocumentInput } from '@showflow/shared';
import { LIVE_BROWSER_FLAGS, sendPlainWhipVideo } from '@showflow/live/testing';
import { screenshot } from './support/canvas.ts';
import { repoDir } from './support/paths.ts';
import { startShow, type RuntimeClient, type Show } from './support/stack.ts';

/** The example live show with a smaller slate, so the browser, build and runtime share two cores. */
function liveShow(): PipelineDocumentInput {
  const doc = JSON.parse(readFileSync(path.join(repoDir, 'examples/pipelines/live-show.json'), 'utf8')) as PipelineDocumentInput;
  const nodes = doc.nodes.map((n) => (n.id === 'camera' ? { ...n, config: { ...n.config, width: 640, height: 360, fps: 15 } } : n));
  return { ...doc, nodes };
}

/** A standard WHIP sender's pipeline: its stream straight to viewers. */
function whipIngest(): PipelineDocumentInput {
  return {
    schemaVersion: 1,
    id: 'whip-ingest',
    name: 'WHIP ingest',
    nodes: [
      { id: 'camera', type: 'showflow.capture', typeVersion: 1, config: { streamId: 'whip-cam', width: 640, height: 360, fps: 10 }, position: { x: 0, y: 0 } },
      { id: 'viewers', type: 'showflow.viewer-output', typeVersion: 1, config: {}, position: { x: 260, y: 0 } },
    ],
    edges: [{ id: 'camera-viewers', from: { node: 'camera', port: 'frame' }, to: { node: 'viewers', port: 'frame' } }],
  };
}

describe('going live from the editor and watching it', () => {
  let show: Show;
  let runtime: Show['runtime'];
  let editor: Show['editor'];
  let browser: Show['browser'];
  let page: Page;
  let api: RuntimeClient;
  const tid = (id: string, on: Page = page) => on.getByTestId(id);
  const cameraStatus = async (pipelineId: string) =>
    (await api.metrics.snapshot.query({ pipelineId }))?.nodes.find((n) => n.nodeId === 'camera')?.status.text ?? '';

  beforeAll(async () => {
    show = await startShow({ documents: [liveShow(), whipIngest()], browserArgs: LIVE_BROWSER_FLAGS });
    ({ runtime, editor, browser, page, api } = show);
  });

  afterAll(() => show?.stop());

  it('goes live from the Go live panel with the camera', async () => {
    await page.goto(`${editor.url}/pipelines/live-show`);
    await tid('tab-live').click();
    await expect(tid('golive-stream').inputValue()).resolves.toBe('studio'); // taken from the pipeline's capture node
    await tid('golive-size').selectOption('640x360');
    await tid('golive-fps-choice').selectOption('15');
    await tid('golive-start').click();
    await tid('golive-on-air').waitFor();
    await expect.poll(async () => Number.parseFloat((await tid('golive-fps').textContent()) ?? '0')).toBeGreaterThan(0);
    await expect.poll(() => cameraStatus('live-show')).toMatch(/^live · \d+ fps/);
    await screenshot(page, 'live-01-go-live');
  });

  it('shows the composed stream on the watch page over WebRTC with a latency readout', async () => {
    const watcher = await browser.context.newPage();
    await watcher.goto(`${editor.url}/watch/live-show`);
    await tid('live-canvas', watcher).waitFor({ state: 'visible' });
    await expect.poll(() => tid('latency-readout', watcher).textContent()).toMatch(/^p50 \d+ ms · p95 \d+ ms · \d+ fps$/);
    const size = await tid('live-canvas', watcher).evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
    expect(size).toEqual([640, 360]);
    expect((await api.live.viewerStats.query({ pipelineId: 'live-show' })).viewers).toBe(1);
    await screenshot(watcher, 'live-02-watch');
    await watcher.close();
  });

  it('stops going live', async () => {
    await tid('golive-stop').click();
    await tid('golive-start').waitFor();
    await expect.poll(() => cameraStatus('live-show')).toBe('no signal');
  });

  it('ingests a standard WHIP sender (plain RTCPeerConnection, VP8, no SDK) into a pipeline', async () => {
    const { token, whipUrl } = await api.live.createStream.mutate({ streamId: 'whip-cam' });
    const sender = await browser.context.newPage();
    await sender.goto(`${editor.url}/`);
    const result = await sendPlainWhipVideo(sender, `${runtime.url}${whipUrl}`, token);
    expect(result).toMatchObject({ status: 201, location: expect.stringMatching(/^\/live\/whip\/whip-cam\//) });
    await expect.poll(() => cameraStatus('whip-ingest')).toMatch(/^live · \d+ fps/);
    const stream = (await api.live.streams.query()).find((s) => s.streamId === 'whip-cam');
    expect(stream?.counters.received).toBeGreaterThan(0);
    const watcher = await browser.context.newPage();
    await watcher.goto(`${editor.url}/watch/whip-ingest`);
    await expect.poll(() => tid('latency-readout', watcher).textContent()).toMatch(/^p50 \d+ ms/);
    await screenshot(watcher, 'live-03-whip-watch');
    await watcher.close();
    await sender.close();
  });
});
