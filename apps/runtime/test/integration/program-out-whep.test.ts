import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, waitFor, type TestBrowser } from '@showflow/live/testing';
import type { RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { PROGRAM_OUT_SERVICE, type ProgramOutService } from '@showflow/program-out';
import { expectMovingPicture, playWhep, programDocument, programOutRuntime, samplePlayer } from '../fixtures/program-out.ts';

const PIPELINE = 'program-show';
const artifacts = path.resolve(import.meta.dirname, '../../../../test-artifacts');

describe('program out: standard WHEP to a plain browser RTCPeerConnection', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let browser: TestBrowser;
  const programStatus = () => app.engine.metrics(PIPELINE)?.nodes.find((n) => n.nodeId === 'program')?.status.text ?? '';

  beforeAll(async () => {
    ({ app, server } = await programOutRuntime());
    browser = await launchChromium();
    await app.deployments.save(programDocument(PIPELINE));
    await app.deployments.deploy(PIPELINE);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app?.close();
  });

  it('plays moving H.264 video and an audible Opus tone for over 10 s, then ends the session with DELETE', async () => {
    await waitFor(() => /fps/.test(programStatus()), 'the program output to encode frames', 30_000);
    const page: Page = await browser.context.newPage();
    // Same origin as the runtime: CORS is covered separately below.
    await page.goto(`${server.url}/healthz`);
    const endpoint = `${server.url}/live/program/${PIPELINE}/whep`;
    const answer = await playWhep(page, endpoint);
    expect(answer.status).toBe(201);
    expect(answer.contentType).toBe('application/sdp');
    expect(answer.location).toMatch(new RegExp(`^/live/program/${PIPELINE}/whep/[0-9a-f-]{36}$`));
    expect(answer.etag).toMatch(/^"[0-9a-f-]{36}"$/);

    await waitFor(async () => (await page.evaluate(() => (globalThis as any).player.framesPresented)) > 10, 'the first decoded frames', 30_000);
    const samples = await samplePlayer(page, 11_000);
    await page.screenshot({ path: path.join(artifacts, 'program-out-whep.png') });

    expect(samples.width).toBe(640);
    expect(samples.height).toBe(360);
    // All through the 11 s.
    expectMovingPicture(samples);
    // Audible sound: the 440 Hz tone well above silence in most samples.
    const loud = samples.levels.filter((rms) => rms > 0.05).length;
    expect(loud).toBeGreaterThanOrEqual(samples.levels.length - 3);

    const stats = await page.evaluate(async () => {
      const reports: any[] = [];
      (await (globalThis as any).player.pc.getStats()).forEach((r: any) => reports.push(r));
      return reports.filter((r) => r.type === 'inbound-rtp').map((r) => ({ kind: r.kind, bytes: r.bytesReceived, codecId: r.codecId, framesDecoded: r.framesDecoded }));
    });
    const codecs = await page.evaluate(async () => {
      const reports: any[] = [];
      (await (globalThis as any).player.pc.getStats()).forEach((r: any) => r.type === 'codec' && reports.push(r.mimeType));
      return reports;
    });
    expect(codecs).toEqual(expect.arrayContaining(['video/H264', 'audio/opus']));
    expect(stats.find((s) => s.kind === 'video')?.framesDecoded).toBeGreaterThan(100);

    // The answer takes the player's playout-delay extension (its own id), so Chromium shows each picture once decoded.
    const descriptions = await page.evaluate(() => ({ offer: (globalThis as any).player.pc.localDescription.sdp as string, answer: (globalThis as any).player.pc.remoteDescription.sdp as string }));
    const playoutDelayId = (sdp: string) => /^a=extmap:(\d+) http:\/\/www\.webrtc\.org\/experiments\/rtp-hdrext\/playout-delay/m.exec(sdp)?.[1];
    expect(playoutDelayId(descriptions.answer)).toBeDefined();
    expect(playoutDelayId(descriptions.answer)).toBe(playoutDelayId(descriptions.offer));

    // Trickle ICE is refused with a reason: the answer already carried every candidate.
    const patch = await fetch(`${server.url}${answer.location}`, { method: 'PATCH', headers: { 'content-type': 'application/trickle-ice-sdpfrag' }, body: 'a=ice-ufrag:abcd\r\n' });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('DELETE, OPTIONS');
    expect(((await patch.json()) as { code: string }).code).toBe('SF634');

    // One viewer counted on the canvas; DELETE ends the session and the count drops.
    expect(programStatus()).toMatch(/^1 viewer ·/);
    const deleted = await fetch(`${server.url}${answer.location}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    await waitFor(() => programStatus().startsWith('0 viewers'), 'the viewer count to drop', 15_000);
    const again = await fetch(`${server.url}${answer.location}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { code: string }).code).toBe('SF633');
    await page.close();
  }, 120_000);

  it('serves two viewers from the one encode, each starting at a keyframe', async () => {
    const endpoint = `${server.url}/live/program/${PIPELINE}/whep`;
    const tabs = await Promise.all([browser.context.newPage(), browser.context.newPage()]);
    for (const tab of tabs) {
      await tab.goto(`${server.url}/healthz`);
      expect((await playWhep(tab, endpoint)).status).toBe(201);
    }
    const presented = (tab: Page) => tab.evaluate(() => (globalThis as any).player.framesPresented as number);
    // A tab not in front presents about one picture a second (Chromium throttles its video
    // frame callbacks whatever the flags), so each viewer is watched in front in turn.
    for (const [i, tab] of tabs.entries()) {
      await tab.bringToFront();
      await waitFor(async () => (await presented(tab)) > 30, `viewer ${i + 1} to present frames`, 45_000);
    }
    expect(programStatus()).toMatch(/^2 viewers ·/);
    const output = (app.services.get(PROGRAM_OUT_SERVICE) as ProgramOutService).get(PIPELINE)!.stats();
    expect(output.viewers).toBe(2);
    // One encoder for both: it never restarted for the second viewer, and each viewer got
    // about what it produced (same packets, not a second encode).
    expect(output.encoderRestarts).toBe(0);
    for (const viewer of output.perViewer) {
      expect(viewer.waitingForKeyframe).toBe(false);
      expect(viewer.bytesSent).toBeLessThanOrEqual(output.videoBytesOut + output.audioBytesOut);
    }
    await Promise.all(tabs.map((tab) => tab.close()));
  }, 120_000);

  it('refuses unknown sessions, offers it cannot answer, and pipelines without an output, with codes', async () => {
    const base = `${server.url}/live/program/${PIPELINE}/whep`;
    const patch = await fetch(`${base}/00000000-0000-0000-0000-000000000000`, { method: 'PATCH', headers: { 'content-type': 'application/trickle-ice-sdpfrag' }, body: 'a=ice-ufrag:x\r\n' });
    expect(patch.status).toBe(404);
    const notSdp = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: 'hello' });
    expect(notSdp.status).toBe(400);
    expect(((await notSdp.json()) as { code: string }).code).toBe('SF631');
    const none = await fetch(`${server.url}/live/program/nothing-here/whep`, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: 'v=0\r\n' });
    expect(none.status).toBe(404);
    expect(((await none.json()) as { code: string }).code).toBe('SF630');
    expect(none.headers.get('access-control-allow-origin')).toBe('*');
    // The runtime keeps running and encoding.
    expect(programStatus()).toMatch(/fps/);
  });

  it('lets a page on any origin preflight and call WHEP (and only the live routes)', async () => {
    const origin = 'https://fans.example.com';
    const preflight = await fetch(`${server.url}/live/program/${PIPELINE}/whep`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const api = await fetch(`${server.url}/trpc/pipelines.list`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
  });
});
