/**
 * What the two browsers cost at the target frame rate with no network at all: the sender's
 * camera canvas plus the SDK's JPEG encode calls (drawImage into an OffscreenCanvas,
 * convertToBlob), and the viewer's decode and draw of those JPEGs (Blob → createImageBitmap
 * → drawImage, as the watch page does). With the runtime's own share this says whether the
 * machine has the cores for the frame rate at all, before any latency question.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { ANIMATED_CANVAS_SCRIPT, openSdkPage, type PageServer, type TestBrowser } from '../test/support/index.ts';
import { browserCpuSeconds } from './process-cpu.ts';

export interface BrowserFloor {
  /** % of one core. */
  senderPercent: number;
  viewerPercent: number;
  /** Frames encoded and drawn per second while measured. */
  senderFps: number;
  viewerFps: number;
}

const SETTLE_MS = 2000;
const MEASURE_MS = 6000;
/** JPEGs handed from the sender page to the viewer page and drawn in turn. */
const SAMPLE_FRAMES = 8;

export async function measureBrowserFloor(
  browsers: { sender: TestBrowser; viewer: TestBrowser },
  pages: PageServer,
  setup: { width: number; height: number; fps: number; quality: number },
): Promise<BrowserFloor> {
  const sender = await openSdkPage(browsers.sender.context, pages.url);
  const viewer = await openSdkPage(browsers.viewer.context, pages.url);
  try {
    await sender.addScriptTag({ content: ANIMATED_CANVAS_SCRIPT });
    await sender.evaluate(({ width, height, fps, quality, sampleFrames }) => {
      const g = globalThis as any;
      const source = g.startAnimatedCanvas(width, height, fps);
      const canvas = new g.OffscreenCanvas(width, height);
      const context = canvas.getContext('2d', { alpha: false });
      g.done = 0;
      g.samples = [] as string[];
      let busy = false;
      setInterval(async () => {
        if (busy) return; // the SDK skips a tick while the previous frame encodes
        busy = true;
        context.drawImage(source, 0, 0, width, height);
        const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality })).arrayBuffer());
        if (g.samples.length < sampleFrames) g.samples.push(btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join('')));
        g.done++;
        busy = false;
      }, 1000 / fps);
    }, { ...setup, sampleFrames: SAMPLE_FRAMES });
    const senderFigures = await measurePage(sender, browsers.sender);
    const samples: string[] = await sender.evaluate(() => (globalThis as any).samples);
    await sender.close();

    await viewer.evaluate(
      ({ samples, fps }) => {
        const g = globalThis as any;
        const jpegs = samples.map((s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));
        const canvas = g.document.createElement('canvas');
        g.document.body.append(canvas);
        const context = canvas.getContext('2d');
        g.done = 0;
        let next = 0;
        setInterval(async () => {
          const image = await g.createImageBitmap(new Blob([jpegs[next++ % jpegs.length]], { type: 'image/jpeg' }));
          if (canvas.width !== image.width) canvas.width = image.width;
          if (canvas.height !== image.height) canvas.height = image.height;
          context.drawImage(image, 0, 0);
          image.close();
          g.done++;
        }, 1000 / fps);
      },
      { samples, fps: setup.fps },
    );
    const viewerFigures = await measurePage(viewer, browsers.viewer);
    return { senderPercent: senderFigures.percent, senderFps: senderFigures.fps, viewerPercent: viewerFigures.percent, viewerFps: viewerFigures.fps };
  } finally {
    if (!sender.isClosed()) await sender.close();
    await viewer.close();
  }
}

async function measurePage(page: Page, browser: TestBrowser): Promise<{ percent: number; fps: number }> {
  await sleep(SETTLE_MS);
  const doneBefore: number = await page.evaluate(() => (globalThis as any).done);
  const cpuBefore = await browserCpuSeconds(browser.userDataDir);
  const started = Date.now();
  await sleep(MEASURE_MS);
  const cpuAfter = await browserCpuSeconds(browser.userDataDir);
  const doneAfter: number = await page.evaluate(() => (globalThis as any).done);
  const seconds = (Date.now() - started) / 1000;
  return { percent: ((cpuAfter - cpuBefore) / seconds) * 100, fps: (doneAfter - doneBefore) / seconds };
}
