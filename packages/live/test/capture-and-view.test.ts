import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveFrame, StreamState } from '../src/index.ts';
import { launchChromium, type TestBrowser } from './support/browser.ts';
import { startLiveServer, waitFor, type LiveServer } from './support/live-server.ts';
import { openSdkPage } from './support/page.ts';

// Page functions run in Chromium; this package compiles without DOM types.
type PageGlobals = { sdk: any; session: any; viewer: any };

describe('fake camera → capture SDK → gateway → viewer hub → viewer page', () => {
  let browser: TestBrowser;
  let server: LiveServer;
  const frames: LiveFrame[] = [];
  const states: StreamState[] = [];

  beforeAll(async () => {
    server = await startLiveServer({ streams: { cam1: 'secret-1', cam2: 'secret-2' }, noSignalMs: 1500 });
    browser = await launchChromium();
    server.gateway.subscribe('cam1', (frame) => {
      frames.push(frame);
      // Stands in for the pipeline: the composed frame is the captured one.
      server.hub.publish('show', frame.data, { seq: frame.seq, captureTs: frame.captureTs });
    });
    server.gateway.onState('cam1', (state) => states.push(state));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('streams camera frames over WebRTC, shows them to a viewer with a latency readout, then loses signal', async () => {
    expect(server.gateway.status('cam1').state).toBe('no signal');
    const sender = await openSdkPage(browser.context, server.url);
    await sender.evaluate(async (url) => {
      const g = globalThis as unknown as PageGlobals;
      g.session = await g.sdk.startCapture({
        server: url,
        streamId: 'cam1',
        token: 'secret-1',
        source: { kind: 'camera' },
        width: 640,
        height: 360,
        fps: 15,
        quality: 0.6,
        transport: 'webrtc',
      });
    }, server.url);

    await waitFor(() => frames.length >= 10, '10 frames at the gateway');
    const seqs = frames.map((f) => f.seq);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1])).toBe(true);
    expect(frames[0]).toMatchObject({ encoding: 'jpeg', width: 640, height: 360 });
    expect([...frames[0].data.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(server.gateway.status('cam1')).toMatchObject({ state: 'live', sessions: 1 });
    const senderStats = await sender.evaluate(() => (globalThis as unknown as PageGlobals).session.stats());
    expect(senderStats.transport).toBe('webrtc');
    // The gateway answers each frame over the data channel; the sender times the answers.
    await waitFor(
      async () => (await sender.evaluate(() => (globalThis as unknown as PageGlobals).session.stats().ackMsP50)) > 0,
      'frame acknowledgements at the sender',
    );

    const viewer = await openSdkPage(browser.context, server.url);
    await viewer.evaluate(async (url) => {
      const g = globalThis as unknown as PageGlobals & { document: any };
      const canvas = g.document.createElement('canvas');
      g.document.body.append(canvas);
      const context = canvas.getContext('2d');
      g.viewer = await g.sdk.watch(`${url}/live/whep/show`, (frame: any) => {
        canvas.width = frame.image.width;
        canvas.height = frame.image.height;
        context.drawImage(frame.image, 0, 0);
      });
    }, server.url);
    let viewerStats: any;
    const refresh = async () => {
      viewerStats = await viewer.evaluate(() => (globalThis as unknown as PageGlobals).viewer.stats());
      return viewerStats.drawn >= 10;
    };
    await waitFor(refresh, '10 frames drawn by the viewer');
    expect(server.hub.stats('show').viewers).toBe(1);
    expect(viewerStats.latencySamples).toBeGreaterThanOrEqual(10);
    expect(viewerStats.latencyP50).toBeGreaterThan(0);
    expect(viewerStats.latencyP95).toBeGreaterThanOrEqual(viewerStats.latencyP50);
    expect(viewerStats.fps).toBeGreaterThan(0);

    // One sender per stream: a second one is refused with the reason.
    const second = await openSdkPage(browser.context, server.url);
    const refusal = await second.evaluate(async (url) => {
      const g = globalThis as unknown as PageGlobals;
      try {
        await g.sdk.startCapture({ server: url, streamId: 'cam1', token: 'secret-1', source: { kind: 'camera' }, transport: 'webrtc' });
        return 'accepted';
      } catch (error: any) {
        return { status: error.status, code: error.code };
      }
    }, server.url);
    expect(refusal).toEqual({ status: 409, code: 'SF603' });
    await second.close();

    // The sender vanishes without ending its session.
    await sender.close();
    await waitFor(() => states.at(-1) === 'no signal', 'no signal after the sender vanished');
    expect(states).toEqual(['live', 'no signal']);
    await viewer.evaluate(() => (globalThis as unknown as PageGlobals).viewer.stop());
    await viewer.close();
  });

  it('falls back to WebSocket with the same framing, and stop() ends the session', async () => {
    const received: LiveFrame[] = [];
    server.gateway.subscribe('cam2', (frame) => received.push(frame));
    const sender = await openSdkPage(browser.context, server.url);
    await sender.evaluate(async (url) => {
      const g = globalThis as unknown as PageGlobals;
      g.session = await g.sdk.startCapture({
        server: url,
        streamId: 'cam2',
        token: 'secret-2',
        source: { kind: 'camera' },
        width: 320,
        height: 180,
        fps: 10,
        transport: 'websocket',
      });
    }, server.url);
    await waitFor(() => received.length >= 5, '5 frames over WebSocket');
    expect(received.map((f) => f.seq).slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(server.gateway.status('cam2').sessions).toBe(1);
    const stats = await sender.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals;
      await g.session.stop();
      return g.session.stats();
    });
    expect(stats.transport).toBe('websocket');
    expect(stats.sent).toBeGreaterThanOrEqual(5);
    await waitFor(() => server.gateway.status('cam2').sessions === 0, 'session ended after stop()');
    await sender.close();
  });
});
