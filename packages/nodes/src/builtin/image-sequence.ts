import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { z } from 'zod';
import { defineNode, type Frame } from '../sdk/index.ts';
import { checkPixelCount, loadRgb, readJpegSize } from '../pixels/index.ts';
import { RetryingLoad, errorText } from './retry.ts';
import { readImageFile } from './read-image-file.ts';

const config = z.object({
  folder: z.string().default(''),
  fps: z.number().min(0.1).max(120).default(30),
  loop: z.boolean().default(true),
});

const JPEG = new Set(['.jpg', '.jpeg']);
const PICTURES = new Set(['.jpg', '.jpeg', '.png']);

async function listPictures(folder: string): Promise<string[]> {
  const names = (await readdir(folder)).filter((n) => PICTURES.has(extname(n).toLowerCase()));
  if (!names.length) throw new Error('no .jpg, .jpeg or .png files');
  return names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((n) => join(folder, n));
}

/**
 * Plays a folder of pictures in name order (numeric-aware: 2 before 10). JPEG files are
 * passed on still encoded, as a capture device would send them, so decoding is paid by
 * the first node that needs pixels; PNG files are decoded here (a frame is raw or JPEG).
 */
export const imageSequence = defineNode({
  type: 'showflow.image-sequence',
  typeVersion: 1,
  title: 'Image sequence',
  category: 'source',
  description: 'Plays a folder of JPEG/PNG files in name order at a frame rate, optionally looping. JPEGs stay encoded until a node needs pixels.',
  inputs: {},
  outputs: { frame: { type: 'frame' } },
  config,
  budgetMs: 5,
  source: { intervalMs: (c) => 1000 / c.fps },
  setup: (ctx) => ({ files: new RetryingLoad(() => listPictures(ctx.config.folder)), position: 0, lastError: '' }),
  async run(ctx) {
    const { state, config } = ctx;
    if (!config.folder) {
      ctx.setStatus('idle', 'no folder set');
      return;
    }
    const files = await state.files.get(ctx.now());
    if (!files) {
      ctx.setStatus('error', `cannot play ${config.folder}: ${state.files.error}`);
      return;
    }
    if (state.position >= files.length) {
      if (!config.loop) {
        if (state.position === files.length) ctx.setStatus('idle', `end of sequence (${files.length} files)`);
        state.position = files.length + 1;
        return;
      }
      state.position = 0;
    }
    const path = files[state.position++];
    const seq = ctx.tick;
    const frame = await readPicture(path, ctx.frames.alloc, seq, ctx.now(), `${ctx.nodeId}#${seq}`).catch((err: Error) => err);
    if (frame instanceof Error) {
      // One unreadable file is skipped; the show goes on with the next one.
      const message = `skipped ${path}: ${errorText(frame)}`;
      if (message !== state.lastError) ctx.log.warn(message);
      state.lastError = message;
      ctx.setStatus('warn', message);
      return;
    }
    if (seq === 0 || state.lastError) ctx.setStatus('ok', `${files.length} files · ${frame.width}×${frame.height}`);
    state.lastError = '';
    return { frame };
  },
});

async function readPicture(path: string, alloc: (n: number) => Buffer, seq: number, captureTs: number, id: string): Promise<Frame> {
  const bytes = await readImageFile(path);
  if (JPEG.has(extname(path).toLowerCase())) {
    const size = readJpegSize(bytes);
    if (!size) throw new Error('not a readable JPEG header');
    // Passed on encoded, so the limit is checked here, on the header the decoder will see.
    checkPixelCount(size.width, size.height, path);
    const data = alloc(bytes.length);
    bytes.copy(data);
    return { width: size.width, height: size.height, channels: 3, encoding: 'jpeg', data, seq, captureTs, id };
  }
  const pixels = await loadRgb(bytes);
  const data = alloc(pixels.data.length);
  pixels.data.copy(data);
  return { width: pixels.width, height: pixels.height, channels: pixels.channels, encoding: 'raw', data, seq, captureTs, id };
}
