/**
 * Level of detail on the canvas. Text is 11–12 px in flow units, so at the zoom a large
 * graph opens in (0.3–0.6) it would be 4–7 px on screen. Each level draws fewer, larger
 * labels, sized so the title stays about 10 px or more on screen down to the level's lower
 * zoom bound. Levels change the layout only when a bound is crossed, never per frame.
 */
export type ZoomDetail = 'full' | 'compact' | 'overview' | 'far';

export const ZOOM_DETAIL_BOUNDS: readonly [ZoomDetail, number][] = [
  ['full', 0.8],
  ['compact', 0.55],
  ['overview', 0.35],
  ['far', 0],
];

export function zoomDetail(zoom: number): ZoomDetail {
  for (const [level, from] of ZOOM_DETAIL_BOUNDS) if (zoom >= from) return level;
  return 'far';
}
