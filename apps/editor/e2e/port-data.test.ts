import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PipelineDocumentInput } from '@showflow/shared';
import { screenshot } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

const PIPELINE = 'quality-desk';
const node = (id: string, type: string, config: Record<string, unknown>, x: number, y: number) => ({ id, type, typeVersion: 1, config, position: { x, y } });

// A noisy camera, denoised, and a PSNR probe comparing the result with the clean picture.
const document: PipelineDocumentInput = {
  schemaVersion: 1,
  id: PIPELINE,
  name: 'Quality desk',
  nodes: [
    node('camera', 'showflow.synthetic-capture', { width: 320, height: 180, fps: 15, noise: 8 }, 0, 0),
    node('denoise', 'showflow.denoise', { temporal: 12, spatial: 0 }, 260, 0),
    node('quality', 'showflow.psnr-probe', { everyNth: 1 }, 520, 80),
  ],
  edges: [
    { id: 'e1', from: { node: 'camera', port: 'frame' }, to: { node: 'denoise', port: 'frame' } },
    { id: 'e2', from: { node: 'denoise', port: 'out' }, to: { node: 'quality', port: 'frame' } },
    { id: 'e3', from: { node: 'camera', port: 'clean' }, to: { node: 'quality', port: 'reference' } },
  ],
};

// The producer selects a node and the data panel shows what its ports really send, read from the runtime's tap.
describe('the inspector data panel reads the ports', () => {
  let show: Show;
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);

  beforeAll(async () => {
    show = await startShow({ documents: [document] });
    page = show.page;
  }, 300_000);

  afterAll(() => show?.stop());

  it('shows the PSNR probe’s dB values as they leave its port', async () => {
    await page.goto(`${show.editor.url}/pipelines/${PIPELINE}`);
    await tid('canvas').waitFor({ state: 'visible' });
    await tid('node-quality').click();
    await tid('tab-inspector').click();
    const panel = page.locator('[data-testid="port-data-psnr"] [data-source="tap"]');
    await panel.waitFor({ state: 'visible', timeout: 30_000 });
    // A sparkline of several values, the latest one a real (finite, uncapped) PSNR in dB.
    await expect.poll(async () => Number(/over the last (\d+)/.exec((await panel.textContent()) ?? '')?.[1] ?? 0), { timeout: 20_000 }).toBeGreaterThan(3);
    const latest = (await panel.getByTestId('port-value').textContent()) ?? '';
    expect(latest).toMatch(/^\d+(\.\d+)? dB$/);
    const db = Number.parseFloat(latest);
    expect(db).toBeGreaterThan(15);
    expect(db).toBeLessThan(100);
    // The runtime's own tap agrees: the same port carries values in the same range.
    const reading = await show.api.ports.tap.query({ pipelineId: PIPELINE, nodeId: 'quality' });
    const values = reading?.ports[0].samples.flatMap((s) => (s.kind === 'number' ? [s.value] : [])) ?? [];
    expect(values.length).toBeGreaterThan(3);
    expect(Math.min(...values)).toBeLessThan(db + 5);
    expect(Math.max(...values)).toBeGreaterThan(db - 5);
    await screenshot(page, 'port-data-psnr');
  }, 120_000);

  it('shows frames by number, size and age on a camera’s ports', async () => {
    await tid('node-camera').click();
    const frames = page.locator('[data-testid="port-data-frame"] [data-testid="port-frames"]');
    await frames.waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => frames.textContent(), { timeout: 20_000 }).toMatch(/^frame #\d+ 320×180, \d+(\.\d)? (ms|s) old/);
    await screenshot(page, 'port-data-frames');
  }, 60_000);
});
