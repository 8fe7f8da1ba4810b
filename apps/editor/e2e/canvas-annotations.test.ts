import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { dropWireOnCanvas, screenshot, waitForCanvasAtRest } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

const PIPELINE = 'annotated-show';
const node = (id: string, type: string, x: number, y: number) => ({ id, type, typeVersion: 1, config: {}, position: { x, y } });

// One producer session: each test continues where the previous one left off.
describe('canvas context menu, add on wire drop, groups and comments', () => {
  let show: Show;
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);
  const visible = (l: Locator) => l.waitFor({ state: 'visible' });
  const gone = (l: Locator) => l.waitFor({ state: 'detached' });
  /** The focused node's id, or else the focused element's test id. */
  const focusedTestId = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el?.matches('.react-flow__node') ? el.getAttribute('data-id') : (el?.getAttribute('data-testid') ?? null);
    });
  const draft = async () => (await show.api.pipelines.get.query({ id: PIPELINE })).document;

  beforeAll(async () => {
    show = await startShow({
      documents: [
        {
          schemaVersion: 1,
          id: PIPELINE,
          name: 'Annotated show',
          nodes: [node('synthetic-capture-1', 'showflow.synthetic-capture', 0, 0), node('denoise-1', 'showflow.denoise', 320, 0), node('null-sink-1', 'showflow.null-sink', 640, 0)],
          edges: [
            { id: 'e-1', from: { node: 'synthetic-capture-1', port: 'frame' }, to: { node: 'denoise-1', port: 'frame' } },
            { id: 'e-2', from: { node: 'denoise-1', port: 'out' }, to: { node: 'null-sink-1', port: 'frame' } },
          ],
        },
      ],
    });
    page = show.page;
    await page.goto(`${show.editor.url}/pipelines/${PIPELINE}`);
    await visible(tid('node-denoise-1'));
    await waitForCanvasAtRest(page);
  });

  afterAll(() => show?.stop());

  it('right-click on a node duplicates it; Shift+F10 opens the same menu from the keyboard, arrows move, Escape closes', async () => {
    await tid('node-denoise-1').click({ button: 'right' });
    await visible(tid('context-menu'));
    await expect(focusedTestId()).resolves.toBe('menu-duplicate');
    await screenshot(page, 'annotations-01-node-menu');
    await tid('menu-duplicate').click();
    await visible(tid('node-denoise-2'));
    await expect(tid('context-menu').count()).resolves.toBe(0);

    // Take the original by its title, where no copy or thumbnail can be.
    await tid('node-denoise-1').click({ position: { x: 20, y: 10 } });
    await expect(focusedTestId()).resolves.toBe('denoise-1');
    await page.keyboard.press('Shift+F10');
    await visible(tid('context-menu'));
    await expect(focusedTestId()).resolves.toBe('menu-duplicate');
    await page.keyboard.press('ArrowDown');
    await expect(focusedTestId()).resolves.toBe('menu-delete');
    await page.keyboard.press('End');
    await expect(focusedTestId()).resolves.toBe('menu-help');
    await page.keyboard.press('Enter');
    await visible(tid('node-help'));
    await expect(tid('node-help').textContent()).resolves.toContain('hqdn3d');
    await screenshot(page, 'annotations-02-node-help');
    await page.keyboard.press('Escape');
    await gone(tid('node-help'));
    await page.keyboard.press('ContextMenu');
    await visible(tid('context-menu'));
    await page.keyboard.press('Escape');
    await gone(tid('context-menu'));
    await expect(focusedTestId()).resolves.toBe('denoise-1');
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(4);
  });

  /** Pulls a wire from an output and drops it on empty canvas `below` px under it; returns the drop point. */
  const dropWire = (nodeId: string, port: string, below: number) => dropWireOnCanvas(page, { node: nodeId, port, side: 'out' }, { x: 60, y: below });

  it('a wire dropped on empty canvas opens quick-add there; the chosen node is added at the drop and wired; Escape adds nothing', async () => {
    await dropWire('denoise-2', 'out', 200);
    await visible(tid('quick-add'));
    await expect(focusedTestId()).resolves.toBe('quick-add-search');
    // Only types that take a frame are offered: a source cannot be connected to.
    await expect(tid('quick-add-item-showflow.synthetic-capture').count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await gone(tid('quick-add'));
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(4);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(2);

    const drop = await dropWire('denoise-2', 'out', 200);
    await visible(tid('quick-add'));
    await page.keyboard.type('null sink');
    await screenshot(page, 'annotations-03-wire-drop-quick-add');
    await page.keyboard.press('Enter');
    await visible(tid('node-null-sink-2'));
    await gone(tid('quick-add'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await expect(page.locator('.react-flow__edge[data-id="e-3"]').count()).resolves.toBe(1);
    const added = (await page.locator('.react-flow__node[data-id="null-sink-2"]').boundingBox())!;
    expect(Math.abs(added.x - drop.x)).toBeLessThan(4);
    expect(Math.abs(added.y - drop.y)).toBeLessThan(4);
    await screenshot(page, 'annotations-04-wire-drop-added');
  });

  it('groups a selection into a labelled frame that moves its members, and adds a comment from the canvas menu', async () => {
    await tid('node-synthetic-capture-1').click();
    await tid('node-denoise-1').click({ modifiers: ['Control'], position: { x: 20, y: 10 } });
    await tid('node-denoise-1').click({ button: 'right', position: { x: 20, y: 10 } });
    await visible(tid('menu-group-selection'));
    await expect(tid('menu-group-selection').textContent()).resolves.toBe('Group 2 nodes');
    await tid('menu-group-selection').click();
    await visible(tid('group-group-1'));
    await expect(tid('group-group-1').getAttribute('data-members')).resolves.toBe('synthetic-capture-1 denoise-1');
    await tid('group-label-group-1').fill('Cameras');
    await page.keyboard.press('Enter');

    // Drag the frame by its empty corner: both members move by the same amount, the others stay.
    const before = await Promise.all(['synthetic-capture-1', 'denoise-1', 'null-sink-1'].map((id) => page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox()));
    const frame = (await page.locator('.react-flow__node[data-id="group:group-1"]').boundingBox())!;
    const grab = { x: frame.x + frame.width - 12, y: frame.y + 14 };
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.mouse.move(grab.x + 30, grab.y + 50, { steps: 8 });
    await page.mouse.up();
    const after = await Promise.all(['synthetic-capture-1', 'denoise-1', 'null-sink-1'].map((id) => page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox()));
    const moved = [0, 1, 2].map((i) => ({ x: after[i]!.x - before[i]!.x, y: after[i]!.y - before[i]!.y }));
    // React Flow starts a drag once the pointer has moved a little, so the first step does not count.
    expect(moved[0].x).toBeGreaterThan(20);
    expect(moved[0].y).toBeGreaterThan(35);
    expect(moved[1].x).toBeCloseTo(moved[0].x, 0);
    expect(moved[1].y).toBeCloseTo(moved[0].y, 0);
    expect(moved[2]).toEqual({ x: 0, y: 0 });

    const canvas = (await tid('canvas').boundingBox())!;
    const spot = { x: canvas.x + canvas.width - 360, y: canvas.y + 40 };
    const empty = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.classList.contains('react-flow__pane'), spot);
    expect(empty, 'the comment spot must be empty canvas').toBe(true);
    const count = await page.locator('.react-flow__node').count();
    await page.mouse.click(spot.x, spot.y, { button: 'right' });
    await tid('menu-add-node').click();
    await visible(tid('quick-add'));
    await expect(focusedTestId()).resolves.toBe('quick-add-search');
    await page.keyboard.press('Escape');
    await gone(tid('quick-add'));
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(count);

    await page.mouse.click(spot.x, spot.y, { button: 'right' });
    await visible(tid('menu-add-comment'));
    await screenshot(page, 'annotations-05-canvas-menu');
    await tid('menu-add-comment').click();
    await visible(tid('comment-comment-1'));
    await expect.poll(focusedTestId).toBe('comment-text-comment-1');
    await page.keyboard.type('Spare camera goes here');
    await page.keyboard.press('Escape'); // leaves the note; its text becomes one undo step
    await expect.poll(async () => (await page.evaluate(() => document.activeElement?.tagName)) !== 'TEXTAREA').toBe(true);
    await screenshot(page, 'annotations-06-group-and-comment');
  });

  it('keeps the group and the comment through save and reload', async () => {
    await page.keyboard.press('Control+s');
    await visible(page.getByTestId('notice').filter({ hasText: /^Draft saved/ }));
    const saved = await draft();
    expect(saved.groups).toEqual([{ id: 'group-1', label: 'Cameras', colour: 'blue', nodes: ['synthetic-capture-1', 'denoise-1'] }]);
    expect(saved.edges).toContainEqual({ id: 'e-3', from: { node: 'denoise-2', port: 'out' }, to: { node: 'null-sink-2', port: 'frame' } });
    expect(saved.comments).toEqual([expect.objectContaining({ id: 'comment-1', text: 'Spare camera goes here', size: { width: 220, height: 120 } })]);

    await page.reload();
    await visible(tid('group-group-1'));
    await expect(tid('group-label-group-1').inputValue()).resolves.toBe('Cameras');
    await expect(tid('comment-text-comment-1').inputValue()).resolves.toBe('Spare camera goes here');
    await expect(tid('group-group-1').getAttribute('data-members')).resolves.toBe('synthetic-capture-1 denoise-1');
    await waitForCanvasAtRest(page);
    await screenshot(page, 'annotations-07-after-reload');
  });

  it('deploys with groups and comments in the document; the runtime runs the nodes and keeps the notes in the version', async () => {
    await tid('deploy').click();
    const outcome = page.getByTestId('notice').filter({ hasText: /Deployed v2$|Deploy failed/ }).last();
    await visible(outcome);
    await expect(outcome.textContent()).resolves.toMatch(/Deployed v2$/);
    await expect(show.api.pipelines.state.query({ id: PIPELINE })).resolves.toMatchObject({ state: 'running', version: 2 });
    const version = await show.api.versions.get.query({ pipelineId: PIPELINE, version: 2 });
    expect(version.document.groups?.[0].label).toBe('Cameras');
    expect(version.document.comments?.[0].text).toBe('Spare camera goes here');
    expect(version.document.nodes.map((n) => n.id)).toEqual(['synthetic-capture-1', 'denoise-1', 'null-sink-1', 'denoise-2', 'null-sink-2']);
  });
});
