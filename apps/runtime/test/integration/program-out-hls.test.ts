import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitFor, type TestBrowser } from '@showflow/live/testing';
import type { RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { playHls, programDocument, programOutRuntime, samplePlayer } from '../fixtures/program-out.ts';

const PIPELINE = 'program-hls';
const artifacts = path.resolve(import.meta.dirname, '../../../../test-artifacts');

describe('program out: HLS (fMP4) played by hls.js in Chromium', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    ({ app, server } = await programOutRuntime());
    browser = await launchChromium();
    await app.deployments.save(programDocument(PIPELINE, { keyframeIntervalS: 1 }));
    await app.deployments.deploy(PIPELINE);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.close();
  });

  it('serves a short-lived playlist over immutable versioned segments, and plays moving picture with sound for over 10 s', async () => {
    const playlistUrl = `${server.url}/live/program/${PIPELINE}/hls/index.m3u8`;
    await waitFor(async () => (await fetch(playlistUrl)).status === 200, 'the first HLS segment', 30_000);
    const playlist = await fetch(playlistUrl);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(playlist.headers.get('cache-control')).toBe('public, max-age=1');
    expect(playlist.headers.get('access-control-allow-origin')).toBe('*');
    const text = await playlist.text();
    const version = /#EXT-X-MAP:URI="(v[0-9a-z]+)\/init\.mp4"/.exec(text)?.[1];
    expect(version).toBeTruthy();
    const segment = text.split('\n').find((line) => line.startsWith(`${version}/seg_`));
    expect(segment).toMatch(/^v[0-9a-z]+\/seg_\d{6}\.m4s$/);
    const segmentResponse = await fetch(`${server.url}/live/program/${PIPELINE}/hls/${segment}`);
    expect(segmentResponse.status).toBe(200);
    expect(segmentResponse.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await segmentResponse.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // Paths that are not this output's files are refused with a code, nothing else is read.
    const escape = await fetch(`${server.url}/live/program/${PIPELINE}/hls/${version}/..%2F..%2Fsecret`);
    expect(escape.status).toBe(404);
    expect(((await escape.json()) as { code: string }).code).toBe('SF638');
    const stale = await fetch(`${server.url}/live/program/${PIPELINE}/hls/vold1/seg_000000.m4s`);
    expect(stale.status).toBe(404);

    const page = await browser.context.newPage();
    await page.goto(`${server.url}/healthz`);
    await playHls(page, playlistUrl);
    await waitFor(async () => (await page.evaluate(() => (globalThis as any).player.framesPresented)) > 10, 'hls.js to present frames', 45_000);
    const samples = await samplePlayer(page, 11_000);
    await page.screenshot({ path: path.join(artifacts, 'program-out-hls.png') });
    const errors: string[] = await page.evaluate(() => (globalThis as any).hlsErrors);
    expect(errors.filter((e) => e.endsWith('fatal'))).toEqual([]);

    expect(samples.width).toBe(640);
    expect(samples.height).toBe(360);
    const changes = samples.pictures.slice(1).filter((strip, i) => strip.join() !== samples.pictures[i].join()).length;
    expect(changes).toBeGreaterThanOrEqual(samples.pictures.length - 3);
    expect(samples.framesPresented).toBeGreaterThan(100);
    const loud = samples.levels.filter((rms) => rms > 0.05).length;
    expect(loud).toBeGreaterThanOrEqual(samples.levels.length - 3);
    await page.close();
  }, 150_000);
});
