'use client';

import { memo, useEffect, useRef } from 'react';
import { useThumbnailSlots } from './ThumbnailContext.tsx';

export const THUMBNAIL_SIZE = { width: 96, height: 54 };

/**
 * The newest picture at a node, small and live. The scheduler writes the <img> directly, so
 * a new picture costs an async decode and no React render; until one arrives (and after a
 * failure) the box stays empty rather than showing a broken image.
 */
export const NodeThumbnail = memo(function NodeThumbnail({ nodeId }: { nodeId: string }) {
  const slots = useThumbnailSlots();
  const img = useRef<HTMLImageElement>(null);
  useEffect(() => (slots && img.current ? slots.attach(nodeId, img.current) : undefined), [slots, nodeId]);
  if (!slots) return null;
  return (
    <div className="sf-thumb" data-testid={`thumb-${nodeId}`}>
      <img ref={img} hidden decoding="async" alt={`latest picture at ${nodeId}`} {...THUMBNAIL_SIZE} />
    </div>
  );
});
