import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropWireOnCanvas, screenshot, waitForCanvasAtRest } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

const LIVE = 'pictures';
const DRAFT = 'tidy-up';
const node = (id: string, type: string, x: number, y: number, config: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, config, position: { x, y } });
const edge = (id: string, from: string, fromPort: string, to: string, toPort: string) => ({ id, from: { node: from, port: fromPort }, to: { node: to, port: toPort } });

/** A running show: a camera chain at the top, a second camera far below it (off screen once zoomed in). */
const liveShow = {
  schemaVersion: 1 as const,
  id: LIVE,
  name: 'Pictures',
  nodes: [
    node('cam', 'showflow.synthetic-capture', 0, 0, { width: 320, height: 180, fps: 10, noise: 0 }),
    node('grade', 'showflow.color-correct', 320, 0),
    node('sink', 'showflow.null-sink', 640, 0),
    node('far-cam', 'showflow.synthetic-capture', 0, 2600, { width: 320, height: 180, fps: 10, noise: 0 }),
    node('far-sink', 'showflow.null-sink', 320, 2600),
  ],
  edges: [edge('e-1', 'cam', 'frame', 'grade', 'frame'), edge('e-2', 'grade', 'out', 'sink', 'frame'), edge('e-3', 'far-cam', 'frame', 'far-sink', 'frame')],
};

/** The pixels of a node's canvas thumbnail, hashed (FNV-1a), or null while it shows none. */
function thumbnailHash(page: Page, nodeId: string): Promise<string | null> {
  return page.evaluate((id) => {
    const img = document.querySelector<HTMLImageElement>(`[data-testid="thumb-${id}"] img`);
    if (!img || img.hidden || !img.complete || !img.naturalWidth) return null;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0x811c9dc5;
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 0x01000193);
    return `${canvas.width}x${canvas.height}:${(h >>> 0).toString(16)}`;
  }, nodeId);
}

describe('live thumbnails on the canvas, and placing new nodes', () => {
  let show: Show;
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);
  const previewRequests = new Map<string, number>();
  const requestsFor = (nodeId: string) => previewRequests.get(`/preview/${LIVE}/${nodeId}.jpg`) ?? 0;

  beforeAll(async () => {
    show = await startShow({ documents: [liveShow], viewport: { width: 1400, height: 900 } });
    page = show.page;
    await show.api.pipelines.save.mutate({
      document: { schemaVersion: 1, id: DRAFT, name: 'Tidy up', nodes: [node('clean', 'showflow.denoise', 0, 0), node('out', 'showflow.null-sink', 400, 0)], edges: [] },
    });
    page.on('request', (r) => {
      const { pathname } = new URL(r.url());
      if (pathname.startsWith('/preview/')) previewRequests.set(pathname, (previewRequests.get(pathname) ?? 0) + 1);
    });
  }, 900_000);

  afterAll(() => show?.stop());

  it('shows a live, changing picture on picture nodes while the show runs; nothing when zoomed out or off screen', async () => {
    await page.goto(`${show.editor.url}/pipelines/${LIVE}`);
    await tid('node-cam').waitFor();
    await expect.poll(() => tid('live-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('live');
    await waitForCanvasAtRest(page);
    // Fit to a graph 2600 px tall: too far out for thumbnails, so nothing is asked.
    await expect(page.locator('.sf-canvas').getAttribute('data-zoom-detail')).resolves.toBe('far');
    expect(requestsFor('cam')).toBe(0);
    // Only nodes with a picture output get a thumbnail box.
    await expect(tid('thumb-cam').count()).resolves.toBe(1);
    await expect(tid('thumb-sink').count()).resolves.toBe(0);

    // Zoom in on the camera with the wheel, as a person does, until the thumbnails' level of detail.
    for (let i = 0; i < 8; i++) {
      const level = await page.locator('.sf-canvas').getAttribute('data-zoom-detail');
      if (level === 'full' || level === 'compact') break;
      const cam = (await tid('node-cam').boundingBox())!;
      await page.mouse.move(cam.x + cam.width / 2, cam.y + 10);
      await page.mouse.wheel(0, -300);
      await waitForCanvasAtRest(page);
    }
    await expect(page.locator('.sf-canvas').getAttribute('data-zoom-detail')).resolves.toMatch(/^(full|compact)$/);
    // React Flow unmounts nodes out of view; a mounted one must lie below the window.
    const farBox = (await tid('node-far-cam').count()) ? await tid('node-far-cam').boundingBox() : null;
    expect(farBox === null || farBox.y > 900, 'the far camera must be off screen').toBe(true);

    await expect.poll(() => thumbnailHash(page, 'cam'), { timeout: 30_000 }).not.toBeNull();
    const first = await thumbnailHash(page, 'cam');
    await screenshot(page, 'thumbnails-01-live');
    // The test scene moves (a disc, a timecode): a later picture differs.
    await expect.poll(async () => (await thumbnailHash(page, 'cam')) ?? first, { timeout: 30_000 }).not.toBe(first);
    await expect.poll(() => thumbnailHash(page, 'grade'), { timeout: 30_000 }).not.toBeNull();
    // Several refreshes of the camera later, the off-screen camera has still not been asked.
    const seen = requestsFor('cam');
    await expect.poll(() => requestsFor('cam'), { timeout: 30_000 }).toBeGreaterThan(seen + 2);
    expect(requestsFor('far-cam')).toBe(0);
    expect(requestsFor('sink')).toBe(0);
  });

  it('stops asking for pictures when the pipeline is stopped through the runtime, and shows them again when it runs', async () => {
    await expect.poll(() => thumbnailHash(page, 'cam'), { timeout: 30_000 }).not.toBeNull();
    const allPreviewRequests = () => [...previewRequests.values()].reduce((a, b) => a + b, 0);
    // Someone else stops the show (the control room, a script): the editor hears it from the runtime.
    await show.api.show.stop.mutate({ id: LIVE });
    await expect.poll(() => tid('live-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('stopped');
    await tid('thumb-cam').waitFor({ state: 'detached', timeout: 30_000 });
    await expect(tid('thumb-grade').count()).resolves.toBe(0);
    await screenshot(page, 'thumbnails-05-stopped');
    const atStop = allPreviewRequests();
    // Silence is what is measured here, so the wait is the measurement: over two retry periods (2 s each) of a node left asking.
    await page.waitForTimeout(5_000);
    expect(allPreviewRequests()).toBe(atStop);

    await show.api.show.start.mutate({ id: LIVE });
    await expect.poll(() => tid('live-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('live');
    await expect.poll(() => thumbnailHash(page, 'cam'), { timeout: 60_000 }).not.toBeNull();
    expect(allPreviewRequests()).toBeGreaterThan(atStop);
    await screenshot(page, 'thumbnails-06-running-again');
  }, 180_000);

  it('turns thumbnails off with the canvas control, and the browser remembers it', async () => {
    await tid('thumbnails-toggle').click();
    await tid('thumb-cam').waitFor({ state: 'detached' });
    await expect(page.evaluate(() => localStorage.getItem('showflow.canvas.thumbnails'))).resolves.toBe('off');
    await page.reload();
    await tid('node-cam').waitFor();
    await expect.poll(() => tid('live-status').getAttribute('data-status'), { timeout: 60_000 }).toBe('live');
    await expect(tid('thumbnails-toggle').getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(tid('thumb-cam').count()).resolves.toBe(0);
    await tid('thumbnails-toggle').click();
    // Back at fit view, too far out: the box is there again but hidden until zoomed in.
    await tid('thumb-cam').waitFor({ state: 'attached' });
    await expect(page.evaluate(() => localStorage.getItem('showflow.canvas.thumbnails'))).resolves.toBe('on');
  });

  it('duplicate puts the copy on free canvas, not over the original', async () => {
    await page.goto(`${show.editor.url}/pipelines/${DRAFT}`);
    await tid('node-clean').waitFor();
    await waitForCanvasAtRest(page);
    await tid('node-clean').click({ button: 'right' });
    await tid('menu-duplicate').click();
    await tid('node-denoise-1').waitFor();
    await waitForCanvasAtRest(page);
    const a = (await tid('node-clean').boundingBox())!;
    const b = (await tid('node-denoise-1').boundingBox())!;
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap, `copy at ${JSON.stringify(b)} overlaps original at ${JSON.stringify(a)}`).toBe(false);
    await screenshot(page, 'thumbnails-02-duplicate');
  });

  it('a wire pulled from an input and dropped on empty canvas offers nodes that feed it, and wires the one chosen', async () => {
    await dropWireOnCanvas(page, { node: 'out', port: 'frame', side: 'in' }, { x: -40, y: 220 });
    await tid('quick-add').waitFor();
    await expect(tid('quick-add-search').getAttribute('aria-label')).resolves.toBe('Feed out.frame from');
    // Only types with a picture output can feed a frame input: a sink has none.
    await expect(tid('quick-add-item-showflow.null-sink').count()).resolves.toBe(0);
    await page.keyboard.type('synthetic');
    await screenshot(page, 'thumbnails-03-input-wire-quick-add');
    await page.keyboard.press('Enter');
    await tid('node-synthetic-capture-1').waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    await page.keyboard.press('Control+s');
    await page.getByTestId('notice').filter({ hasText: /^Draft saved/ }).waitFor();
    const saved = (await show.api.pipelines.get.query({ id: DRAFT })).document;
    expect(saved.edges).toEqual([{ id: 'e-1', from: { node: 'synthetic-capture-1', port: 'frame' }, to: { node: 'out', port: 'frame' } }]);
    await screenshot(page, 'thumbnails-04-input-wire-added');
  });
});
