import type { FrameSource } from '../canvas/thumbnails/thumbnail-scheduler.ts';

const FRAMES = 8;

/**
 * Thumbnails for the perf harness without a runtime: a few 320×180 JPEGs drawn once (a
 * moving bar, so each differs), served in turn with a fresh sequence number per request, so
 * every refresh is a new picture the browser has to decode, as with a live show.
 */
export function syntheticFrames(): { source: FrameSource; requests(): number } {
  let made: Promise<Blob[]> | null = null;
  let count = 0;
  const source: FrameSource = async () => {
    made ??= draw();
    const frames = await made;
    count++;
    return { blob: frames[count % FRAMES], seq: String(count) };
  };
  return { source, requests: () => count };
}

async function draw(): Promise<Blob[]> {
  const canvas = new OffscreenCanvas(320, 180);
  const g = canvas.getContext('2d')!;
  const out: Blob[] = [];
  for (let i = 0; i < FRAMES; i++) {
    g.fillStyle = '#203040';
    g.fillRect(0, 0, 320, 180);
    g.fillStyle = `hsl(${i * 45}, 70%, 55%)`;
    g.fillRect(i * 36, 40, 48, 100);
    out.push(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 }));
  }
  return out;
}
