import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { artifactsDir } from './paths.ts';

/** A node's input or output handle, as React Flow marks it in the DOM. */
export function handle(page: Page, nodeId: string, port: string, side: 'in' | 'out') {
  return page.locator(`.react-flow__handle[data-nodeid="${nodeId}"][data-handleid="${port}"].${side === 'in' ? 'target' : 'source'}`);
}

/**
 * Waits until the canvas stops moving (a fit-view or layout animation has finished): handle
 * positions read mid-animation are stale by the time the mouse gets there.
 */
export async function waitForCanvasAtRest(page: Page): Promise<void> {
  const viewport = page.locator('.react-flow__viewport');
  let last = '';
  const deadline = Date.now() + 5_000; // past it, go on: the drag itself will say if a handle moved
  for (let steady = 0; steady < 3 && Date.now() < deadline; ) {
    const now = (await viewport.getAttribute('style')) ?? '';
    steady = now === last ? steady + 1 : 0;
    last = now;
    await page.waitForTimeout(50);
  }
}

/** Drags a wire the way a person does: press on one handle, move, release on the other. */
export async function drawEdge(page: Page, from: { node: string; port: string }, to: { node: string; port: string }): Promise<void> {
  await waitForCanvasAtRest(page);
  const a = await handle(page, from.node, from.port, 'out').boundingBox();
  const b = await handle(page, to.node, to.port, 'in').boundingBox();
  if (!a || !b) throw new Error(`handle not visible: ${from.node}.${from.port} or ${to.node}.${to.port}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/**
 * Presses on a node's handle and releases on empty canvas `by` px away from it (checking it is
 * empty there), as a person pulls a wire out to add a node; returns the drop point.
 */
export async function dropWireOnCanvas(page: Page, end: { node: string; port: string; side: 'in' | 'out' }, by: { x: number; y: number }): Promise<{ x: number; y: number }> {
  await waitForCanvasAtRest(page);
  const box = await handle(page, end.node, end.port, end.side).boundingBox();
  if (!box) throw new Error(`handle not visible: ${end.node}.${end.port} (${end.side})`);
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const drop = { x: start.x + by.x, y: start.y + by.y };
  const empty = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.classList.contains('react-flow__pane'), drop);
  if (!empty) throw new Error(`the drop point ${drop.x},${drop.y} is not empty canvas`);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(drop.x, drop.y, { steps: 12 });
  await page.mouse.up();
  return drop;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `editor-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export async function quickAdd(page: Page, query: string): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
}
