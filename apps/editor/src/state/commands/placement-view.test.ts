import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_SIZE, freeSpotInView, settledSpot, type Box } from './placement.ts';

const size = DEFAULT_NODE_SIZE;
const view: Box = { x: 0, y: 0, width: 1200, height: 800 };
const centre = { x: 600, y: 400 };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const within = (a: Box, v: Box) => a.x >= v.x && a.y >= v.y && a.x + a.width <= v.x + v.width && a.y + a.height <= v.y + v.height;
const boxAt = (p: { x: number; y: number }): Box => ({ ...p, ...size });

describe('freeSpotInView (palette and quick-add placement)', () => {
  it('centres the node on the anchor when that is free', () => {
    expect(freeSpotInView(size, centre, view, [])).toEqual({ position: { x: 600 - size.width / 2, y: 400 - size.height / 2 }, inView: true });
  });

  it('adds node after node without stacking: each on free canvas, in view, near the centre', () => {
    const placed: Box[] = [{ x: 500, y: 350, width: 240, height: 140 }];
    for (let i = 0; i < 6; i++) {
      const { position, inView } = freeSpotInView(size, centre, view, placed);
      const box = boxAt(position);
      expect(inView).toBe(true);
      expect(within(box, view)).toBe(true);
      for (const p of placed) expect(overlap(box, p)).toBe(false);
      // Outward from the centre: within two node widths of it, not in a far corner.
      expect(Math.hypot(box.x + size.width / 2 - centre.x, box.y + size.height / 2 - centre.y)).toBeLessThan(2 * size.width + 100);
      placed.push(box);
    }
  });

  it('searches outward from an anchor other than the centre (a point picked on the canvas)', () => {
    const at = { x: 300, y: 200 };
    const { position } = freeSpotInView(size, at, view, [{ x: 150, y: 130, width: 300, height: 140 }]);
    expect(Math.hypot(position.x + size.width / 2 - at.x, position.y + size.height / 2 - at.y)).toBeLessThan(300);
  });

  it('with no room in view, places the node just right of the view and says the view must follow', () => {
    const full: Box[] = [{ x: -100, y: -100, width: 1400, height: 1000 }];
    const { position, inView } = freeSpotInView(size, centre, view, full);
    expect(inView).toBe(false);
    expect(overlap(boxAt(position), full[0])).toBe(false);
    expect(position.x).toBeGreaterThanOrEqual(view.x + view.width);
    expect(position.x).toBeLessThan(view.x + view.width + 2 * size.width);
  });

  it('never overlaps, however crowded beside the view', () => {
    const wall: Box[] = [{ x: -100, y: -5000, width: 4000, height: 10_000 }];
    const { position, inView } = freeSpotInView(size, centre, view, wall);
    expect(inView).toBe(false);
    expect(overlap(boxAt(position), wall[0])).toBe(false);
  });

  it('moves a node that turned out taller than the guess off its neighbour, and leaves one that fits', () => {
    // A gap between two rows fits the guessed 150 px but not a node of many ports (260 px).
    const rows: Box[] = [
      { x: 0, y: 0, width: 1200, height: 300 },
      { x: 0, y: 300 + 150 + 2 * 24 + 10, width: 1200, height: 300 },
    ];
    const { position } = freeSpotInView(size, centre, view, rows);
    expect(rows.some((r) => overlap(boxAt(position), r))).toBe(false);
    const tall = { width: size.width, height: 260 };
    expect(rows.some((r) => overlap({ ...position, ...tall }, r))).toBe(true);
    const settled = settledSpot(position, tall, centre, view, rows);
    expect(settled).toBeDefined();
    for (const r of rows) expect(overlap({ ...settled!.position, ...tall }, r)).toBe(false);
    // A node as small as the guess stays where it was put.
    expect(settledSpot(position, { width: 224, height: 70 }, centre, view, rows)).toBeUndefined();
  });
});
