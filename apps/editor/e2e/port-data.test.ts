import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PipelineDocumentInput } from '@showflow/shared';
import { screenshot } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

const PIPELINE = 'quality-desk';
const MERCH = 'merch-desk';
const DROP = 'cap-drop';
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

// A drop alone: its `events` port announces each change of the drop the orders service reports.
const dropDocument: PipelineDocumentInput = {
  schemaVersion: 1,
  id: MERCH,
  name: 'Merch desk',
  nodes: [
    {
      id: DROP,
      type: 'showflow.drop',
      typeVersion: 1,
      config: { sku: 'CAP-01', title: 'Studio cap', quantity: 12, priceCents: 2500, currency: 'EUR', durationSeconds: 600, perViewerLimit: 2, reservationTtlSeconds: 120, size: 18 },
      position: { x: 0, y: 0 },
    },
  ],
  edges: [],
};

/** The log's lines, newest first, as the kinds of the events they show (null for a line that is not an event's JSON). */
function loggedKinds(page: Page): Promise<(string | null)[]> {
  return page.locator('[data-testid="port-data-events"] [data-testid="port-log"][data-source="tap"] li code').evaluateAll((codes) =>
    codes.map((c) => /^\{"kind":"([^"]+)"/.exec(c.textContent ?? '')?.[1] ?? null),
  );
}

// The producer selects a node and the data panel shows what its ports really send, read from the runtime's tap;
// then watches a drop's events port while cueing the drop from the runtime's API.
describe('the inspector data panel reads the ports', () => {
  let show: Show;
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);

  beforeAll(async () => {
    show = await startShow({ documents: [document, dropDocument] });
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

  it('lists a drop’s events as they arrive, newest first, with what they carry', async () => {
    await page.goto(`${show.editor.url}/pipelines/${MERCH}`);
    await tid('canvas').waitFor({ state: 'visible' });
    // The tap opens with the first read: wait for one before anything is sent, or the first event is missed.
    const firstRead = page.waitForResponse((r) => r.url().includes('/trpc/ports.tap') && r.ok(), { timeout: 30_000 });
    await tid(`node-${DROP}`).click();
    await tid('tab-inspector').click();
    await tid('port-data-events').waitFor({ state: 'visible', timeout: 30_000 });
    await firstRead;

    await show.api.commerce.cue.mutate({ pipelineId: MERCH, nodeId: DROP, action: 'start' });
    await expect.poll(() => loggedKinds(page), { timeout: 30_000 }).toContain('drop-live');
    await show.api.commerce.cue.mutate({ pipelineId: MERCH, nodeId: DROP, action: 'end' });
    await expect.poll(async () => (await loggedKinds(page))[0], { timeout: 30_000 }).toBe('ended');

    const kinds = await loggedKinds(page);
    expect(kinds).not.toContain(null);
    // Newest first: the end came after the drop went live, and each change is logged once.
    expect(kinds.indexOf('ended')).toBeLessThan(kinds.indexOf('drop-live'));
    expect(kinds.filter((k) => k === 'drop-live')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'ended')).toHaveLength(1);

    // What a line shows is what the port sent: the runtime's own tap has the same event, with the drop's state.
    const lines = page.locator('[data-testid="port-data-events"] [data-testid="port-log"] li');
    const endedLine = (await lines.first().locator('code').textContent()) ?? '';
    const reading = await show.api.ports.tap.query({ pipelineId: MERCH, nodeId: DROP });
    const sent = reading?.ports.find((p) => p.id === 'events')?.samples.flatMap((s) => (s.kind === 'value' ? [s.text] : [])) ?? [];
    expect(sent).toContain(endedLine);
    expect(endedLine).toMatch(/"status":"ended"/);
    const liveLine = (await lines.nth(kinds.indexOf('drop-live')).locator('code').textContent()) ?? '';
    expect(sent).toContain(liveLine);
    expect(liveLine).toMatch(/"status":"live","available":12,"sold":0,"stock":12,"priceCents":2500/);
    // Each line says how long ago it came.
    await expect(lines.first().locator('time').textContent()).resolves.toMatch(/^\d+(\.\d)? (ms|s|min)$/);
    await tid('port-data-events').scrollIntoViewIfNeeded();
    await screenshot(page, 'port-data-events');
  }, 120_000);
});
