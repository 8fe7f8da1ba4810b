import { describe, expect, it } from 'vitest';
import { zoomDetail } from './zoom-detail.ts';

describe('zoomDetail', () => {
  it('draws fewer, larger labels as the canvas zooms out', () => {
    expect([1.5, 1, 0.8, 0.79, 0.55, 0.54, 0.35, 0.34, 0.1].map(zoomDetail)).toEqual(['full', 'full', 'full', 'compact', 'compact', 'overview', 'overview', 'far', 'far']);
  });
});
