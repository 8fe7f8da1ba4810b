import type { PipelineNode } from '@showflow/shared';

type XY = { x: number; y: number };
type Size = { width: number; height: number };
export type Box = { x: number; y: number; width: number; height: number };

/**
 * A node the canvas has not measured yet, guessed on the large side: nodes are 224 wide and
 * 70–150 tall by their ports (a sink 70, denoise 130, a capture 146). A guess smaller than
 * the node lets a spot that fits the guess put the node on its neighbour.
 */
export const DEFAULT_NODE_SIZE: Size = { width: 224, height: 150 };
/** Room left between a placed block and its neighbours, so wires and handles stay readable. */
const GAP = 24;
const MAX_STEPS = 60;
/** Grid of candidate spots in a view: at most this many per side, so a zoomed-out view stays quick. */
const GRID = 80;

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
  function* steps(): Generator<XY> {
    for (let step = 1; step <= MAX_STEPS; step++) {
      const down = step * (height + GAP);
      const right = step * (width + GAP);
      yield* [{ x: 0, y: down }, { x: right, y: 0 }, { x: right, y: down }];
    }
  }
  // A canvas this crowded: below everything is always free.
  return firstFit(moving, fixed, steps()) ?? { x: 0, y: Math.max(...fixed.map((f) => f.y + f.height)) + GAP - top };
}

/**
 * Where a new node of `size` goes when it is added without a point (palette, quick-add):
 * the free spot nearest `anchor` (usually the view's centre) whose box lies inside `view`,
 * searched outward. With no room in view, the nearest free spot just right of the view,
 * with `inView: false`: the caller then moves the view to it, so the node is never added
 * where nobody sees it. All in flow coordinates.
 */
export function freeSpotInView(size: Size, anchor: XY, view: Box, others: readonly Box[]): { position: XY; inView: boolean } {
  const moving = [{ x: 0, y: 0, ...size }];
  const start = { x: anchor.x - size.width / 2, y: anchor.y - size.height / 2 };
  // Not flush with the view's edge: the node should read as placed, not cut off.
  const room = { x: view.x + GAP, y: view.y + GAP, width: view.width - 2 * GAP, height: view.height - 2 * GAP };
  const step = Math.max(8, Math.max(room.width, room.height) / GRID);
  const inside: XY[] = [];
  for (let x = room.x; x + size.width <= room.x + room.width; x += step)
    for (let y = room.y; y + size.height <= room.y + room.height; y += step) inside.push({ x, y });
  // The anchored spot itself first (it may fit between grid points), then the grid by distance.
  const fitsView = start.x >= room.x && start.y >= room.y && start.x + size.width <= room.x + room.width && start.y + size.height <= room.y + room.height;
  const byDistance = [...(fitsView ? [start] : []), ...inside.sort((a, b) => distance(a, start) - distance(b, start))];
  const found = firstFit(moving, others, byDistance);
  if (found) return { position: found, inView: true };
  function* rightOfView(): Generator<XY> {
    // Column by column away from the view, each from the anchor's height outward; past every node it is free.
    const right = Math.max(view.x + view.width, ...others.map((o) => o.x + o.width)) + GAP;
    for (let x = view.x + view.width + GAP; x <= right; x += size.width + GAP)
      for (let k = 0; k <= 2 * GRID; k++) yield { x, y: start.y + (k % 2 ? 1 : -1) * Math.ceil(k / 2) * step };
    yield { x: right, y: start.y };
  }
  return { position: firstFit(moving, others, rightOfView())!, inView: false };
}

/**
 * Where a node placed with a guessed size goes once its real `size` is known: undefined when
 * it overlaps nothing where it is, else a free spot found as it was (same anchor, view and
 * neighbours), now with the real size. A node type with many ports is taller than the guess.
 */
export function settledSpot(position: XY, size: Size, anchor: XY, view: Box, others: readonly Box[]): { position: XY; inView: boolean } | undefined {
  const box = { ...position, ...size };
  if (others.every((o) => !overlaps(box, o))) return undefined;
  return freeSpotInView(size, anchor, view, others);
}

/** The first offset at which none of `moving` overlaps any of `fixed`, or null. */
function firstFit(moving: readonly Box[], fixed: readonly Box[], offsets: Iterable<XY>): XY | null {
  for (const by of offsets) if (moving.every((m) => fixed.every((f) => !overlaps({ ...m, x: m.x + by.x, y: m.y + by.y }, f)))) return by;
  return null;
}

const distance = (a: XY, b: XY) => Math.hypot(a.x - b.x, a.y - b.y);

/** Boxes closer than GAP count as overlapping: touching nodes read as one. */
function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}
