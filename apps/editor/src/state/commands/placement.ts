import type { PipelineNode } from '@showflow/shared';

type XY = { x: number; y: number };
type Size = { width: number; height: number };
type Box = { x: number; y: number; width: number; height: number };

/** A node the canvas has not measured yet is about this big (the same guess as auto-layout). */
export const DEFAULT_NODE_SIZE: Size = { width: 220, height: 96 };
/** Room left between a placed block and its neighbours, so wires and handles stay readable. */
const GAP = 24;
const MAX_STEPS = 60;

/**
 * How far to shift `block` (nodes about to be copied) so that none of the copies overlaps
 * any node in `others`: below the block first, then to its right, then diagonally, each a
 * block further out per step. Sizes are the canvas's measured boxes where it knows them.
 */
export function freeOffset(block: readonly PipelineNode[], others: readonly PipelineNode[], sizes: Readonly<Record<string, Size>> = {}): XY {
  if (!block.length) return { x: 0, y: 0 };
  const boxOf = (n: PipelineNode): Box => ({ ...n.position, ...(sizes[n.id] ?? DEFAULT_NODE_SIZE) });
  const moving = block.map(boxOf);
  const fixed = others.map(boxOf);
  const left = Math.min(...moving.map((b) => b.x));
  const top = Math.min(...moving.map((b) => b.y));
  const width = Math.max(...moving.map((b) => b.x + b.width)) - left;
  const height = Math.max(...moving.map((b) => b.y + b.height)) - top;
  const fits = (by: XY) => moving.every((m) => fixed.every((f) => !overlaps({ ...m, x: m.x + by.x, y: m.y + by.y }, f)));
  for (let step = 1; step <= MAX_STEPS; step++) {
    const down = step * (height + GAP);
    const right = step * (width + GAP);
    for (const by of [{ x: 0, y: down }, { x: right, y: 0 }, { x: right, y: down }]) if (fits(by)) return by;
  }
  // A canvas this crowded: below everything is always free.
  return { x: 0, y: Math.max(...fixed.map((f) => f.y + f.height)) + GAP - top };
}

/** Boxes closer than GAP count as overlapping: touching nodes read as one. */
function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}
