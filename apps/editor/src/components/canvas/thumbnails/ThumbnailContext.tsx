'use client';

import { createContext, useContext } from 'react';
import type { ThumbnailScheduler } from './thumbnail-scheduler.ts';

/** How a node's thumbnail joins the canvas's scheduler. */
export interface ThumbnailSlots {
  scheduler: ThumbnailScheduler;
  /** Registers the node's <img>; the returned function lets it go (and revokes its picture). */
  attach(nodeId: string, img: HTMLImageElement): () => void;
}

const ThumbnailContext = createContext<ThumbnailSlots | null>(null);
export const ThumbnailProvider = ThumbnailContext.Provider;

/** Null when thumbnails are off, the pipeline is not running, or the canvas is read-only. */
export function useThumbnailSlots(): ThumbnailSlots | null {
  return useContext(ThumbnailContext);
}
